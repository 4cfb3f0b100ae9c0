import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository (or image) root: the nearest folder above `from` holding package.json. Code runs
 * both from source (tests) and compiled under dist/, so `__dirname/../..` cannot name the root.
 */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * The compiled entry point of an app (tools/build/build.js writes dist/), relative to the root.
 * Apps run without --enable-source-maps: Node then also parses the maps shipped in node_modules,
 * about 20 MB per process. Set NODE_OPTIONS=--enable-source-maps to see TypeScript lines.
 */
export function appEntryPoint(app: string): string {
  return join('dist', 'apps', app, 'src', 'main.js');
}


/**
 * Extra node flags for spawned app processes, from SERVICE_NODE_ARGS (space-separated), e.g.
 * `SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile every service during a
 * bench run (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export function serviceNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Environment every app process starts with (npm start, tests, bench; deploy/Dockerfile sets the
 * same). After the first large free, glibc raises its mmap threshold, so the 16 MB work buffer of
 * each scrypt call (password hashing, on the libuv pool) then stays in that pool thread's malloc
 * arena: records kept ~64 MB of RSS for good after hashing the demo users. A fixed threshold
 * returns such buffers to the system on free (a few µs next to scrypt's ~50 ms).
 */
export const SERVICE_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
