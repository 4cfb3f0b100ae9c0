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
