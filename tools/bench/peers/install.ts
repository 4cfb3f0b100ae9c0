/**
 * Installs a peer from the npm registry into tmp/peers/<name> (git-ignored), from its committed
 * tools/bench/peers/<name>/package.json, never into the project's dependencies. A marker with the
 * package.json's hash skips the install when nothing changed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const MARKER = '.installed-hash';

export const packageHash = (packageJson: string) => createHash('sha256').update(packageJson).digest('hex').slice(0, 16);

/** Whether `dir` holds an install of exactly this package.json (marker matches and node_modules exists). */
export function isInstalled(dir: string, hash: string): boolean {
  try {
    return fs.readFileSync(path.join(dir, MARKER), 'utf8').trim() === hash && fs.existsSync(path.join(dir, 'node_modules'));
  } catch {
    return false;
  }
}

/** Copies the peer's files to tmp/peers/<name> and runs `npm install` there unless already installed; returns that folder. */
export async function ensurePeerInstalled(root: string, name: string, log: (line: string) => void, timeoutMs = 10 * 60_000): Promise<string> {
  const source = path.join(root, 'tools', 'bench', 'peers', name);
  const dir = path.join(root, 'tmp', 'peers', name);
  fs.mkdirSync(dir, { recursive: true });
  // Scripts are copied every run (cheap); only the dependencies are cached.
  for (const file of fs.readdirSync(source)) fs.copyFileSync(path.join(source, file), path.join(dir, file));
  const hash = packageHash(fs.readFileSync(path.join(source, 'package.json'), 'utf8') + readIfExists(path.join(source, 'package-lock.json')));
  if (isInstalled(dir, hash)) {
    log(`peer ${name}: installed (package.json ${hash})`);
    return dir;
  }
  fs.rmSync(path.join(dir, MARKER), { force: true });
  const lock = fs.existsSync(path.join(dir, 'package-lock.json'));
  log(`peer ${name}: npm ${lock ? 'ci' : 'install'} into ${path.relative(root, dir)}`);
  const started = Date.now();
  await run('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], dir, timeoutMs);
  fs.writeFileSync(path.join(dir, MARKER), `${hash}\n`);
  log(`peer ${name}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

function readIfExists(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} in ${cwd} ended with ${signal ?? `code ${code}`}: ${output.trim().split('\n').slice(-5).join(' / ')}`));
    });
  });
}
