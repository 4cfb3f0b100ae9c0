/** What the bench needs of a peer product: its processes, a seeded catalog, the three cases, a stop. */
import { type ChildProcess, spawn } from 'node:child_process';
import type { LoadShape } from '../http-cases';
import { sleep } from '../stats';
import type { ItemLoad } from './graphql-load';

export interface Peer {
  /** Folder name under tools/bench/peers and tmp/peers. */
  key: string;
  name: string;
  version: string;
  /** How the peer does each case, for the notes of its rows. */
  notes: { seed: string; read: string; create: string; list: string };
  /** Process name → pid, for RSS. */
  pids(): Map<string, number>;
  seed(count: number, seed: number, log: (line: string) => void): Promise<{ seconds: number; drainSeconds: number }>;
  read(shape: LoadShape): Promise<ItemLoad>;
  create(shape: LoadShape): Promise<ItemLoad>;
  list(shape: LoadShape): Promise<ItemLoad>;
  stop(): Promise<void>;
}

export interface Child {
  process: ChildProcess;
  tail: () => string;
}

/** Starts `command args` in `dir` and resolves once its output contains `ready` (a string or a pattern). */
export function startChild(label: string, dir: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: string | RegExp, timeoutMs: number): Promise<Child> {
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const tail = () => output.trim().split('\n').slice(-4).join(' / ');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} not ready in ${timeoutMs / 1000} s: ${tail()}`)), timeoutMs);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-3000);
      if (typeof ready === 'string' ? output.includes(ready) : ready.test(output)) {
        clearTimeout(timer);
        resolve({ process: child, tail });
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${signal ?? code}) before it was ready: ${tail()}`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopChild(child: Child | undefined): Promise<void> {
  const p = child?.process;
  if (!p || p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) return;
  p.kill('SIGKILL');
  await exited;
}
