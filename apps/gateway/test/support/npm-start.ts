import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@sigma/config';
import { ApiClient, createTestDatabase, deletePrefixStreams, freePort, TEST_NATS_URL, type TestDatabase } from '@sigma/testing';

const ROOT = repoRoot(__dirname);
/** The compiled supervisor (the Jest global setup builds dist/), run exactly as `npm start` runs it. */
const SUPERVISOR = path.join(ROOT, 'dist/tools/start/main.js');

/** `npm start` as a child: the supervisor and the apps it runs, against the test PostgreSQL and NATS. */
export interface NpmStart {
  child: ChildProcess;
  baseUrl: string;
  api: ApiClient;
  database: TestDatabase;
  /** Everything the supervisor and its children printed (their lines carry `[name] ` prefixes). */
  output(): string;
  /** Resolves when a line matching `pattern` has been printed. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Pid of the running app `name` (a child of the supervisor), undefined when none runs. */
  appPid(name: string): number | undefined;
  /** SIGTERM to the supervisor; resolves with its exit code (it stops every app first). */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

export async function startNpmStart(label: string, env: NodeJS.ProcessEnv = {}): Promise<NpmStart> {
  const database = await createTestDatabase(label);
  const [port, mcpPort] = [await freePort(), await freePort()];
  const base: NodeJS.ProcessEnv = { ...process.env };
  // The point of several tests: what `npm start` does when no prefix is given.
  delete base.NATS_SUBJECT_PREFIX;
  const child = spawn(process.execPath, [SUPERVISOR], {
    cwd: ROOT,
    env: {
      ...base,
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      PORT: String(port),
      MCP_PORT: String(mcpPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 90_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`No line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-5000)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    const prefix = output.match(/NATS subject prefix: (\S+)/)?.[1];
    await Promise.all([database.drop().catch(() => undefined), prefix ? deletePrefixStreams(prefix).catch(() => undefined) : undefined]);
    return code;
  };
  const appPid = (name: string) => {
    let listing = '';
    try {
      listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)]).toString();
    } catch {
      return undefined; // ps exits 1 when there is no such process
    }
    const line = listing.split('\n').find((entry) => entry.includes(`apps/${name}/src/main.js`));
    return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
  };
  return { child, baseUrl, api: new ApiClient(baseUrl), database, output: () => output, waitFor, appPid, stop, exited };
}
