#!/usr/bin/env node
'use strict';
/**
 * Compiles the runtime TypeScript (apps, libs, tools that run as processes) to CommonJS in
 * dist/, mirroring the source tree, with swc. `@sigma/*` imports are rewritten to relative paths
 * from tsconfig.base.json, so plain `node dist/apps/<app>/src/main.js` runs with no loader.
 *
 * Why not run from source through @swc-node/register: the in-process compiler costs ~64 MB
 * of RSS per service and transpiles every file again at each start.
 *
 * Cheap to call often: a stamp of every input's path, size and mtime skips an unchanged build,
 * and a lock directory serialises concurrent builders (jest globalSetup, npm start, bench).
 * Type checking is not done here: `npm run lint` runs tsc --noEmit.
 *
 * The review app (apps/web, React) is bundled by `vite build` into dist/apps/web, which the
 * gateway serves at `/`. It has its own stamp (its sources, the contracts it imports, the lock
 * file), so a server-side change does not rebuild it and it survives the swap of dist/.
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist');
const STAMP = path.join(OUT, '.build-stamp');
const LOCK = path.join(ROOT, 'tmp', 'build.lock');
/** Source roots compiled; test files and test/ folders are left out. */
const SOURCE_ROOTS = ['apps', 'libs', 'tools/start', 'tools/cluster', 'tools/migrate', 'tools/bench', 'tools/soak', 'tools/sdk'];
const IS_TEST = /\.(spec|int-spec|e2e-spec)\.ts$/;
/** Bundled by Vite, not compiled by swc. */
const WEB_APP = path.join(ROOT, 'apps', 'web');
const WEB_OUT = path.join(OUT, 'apps', 'web');
const WEB_INPUTS = [WEB_APP, path.join(ROOT, 'libs', 'contracts', 'src')];
const IS_WEB_TEST = /\.(test|spec|e2e-spec)\.tsx?$/;

function listSources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules' && full !== WEB_APP) walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !IS_TEST.test(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const root of SOURCE_ROOTS) if (fs.existsSync(path.join(ROOT, root))) walk(path.join(ROOT, root));
  return files.sort();
}

function stampOf(files, extra = [path.join(ROOT, 'tsconfig.base.json')]) {
  const hash = crypto.createHash('sha256');
  for (const file of [__filename, ...extra, ...files]) {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function swcOptions() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
  return {
    swcrc: false,
    configFile: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: ROOT,
      paths: compilerOptions.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
    // The maps point at the sources in the repository; embedding them would double their size.
    inlineSourcesContent: false,
  };
}

async function compile(files) {
  const swc = require('@swc/core');
  const options = swcOptions();
  const staging = fs.mkdtempSync(path.join(ROOT, 'tmp', 'dist-'));
  // Bounded parallelism: swc's async transform runs on its own threads.
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const relative = path.relative(ROOT, file).replace(/\.ts$/, '.js');
      const target = path.join(staging, relative);
      const output = await swc.transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(path.join(OUT, relative)), file) });
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${output.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (output.map) fs.writeFileSync(`${target}.map`, output.map);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return staging;
}

/** Swaps the staged tree in; a process still running from the old tree keeps its loaded modules. */
function install(staging, stamp) {
  fs.writeFileSync(path.join(staging, '.build-stamp'), stamp);
  // mkdtemp makes it 0700; the image runs as another user than the one that built it.
  fs.chmodSync(staging, 0o755);
  const old = `${OUT}.old-${process.pid}`;
  // The web bundle has its own stamp: carry it over instead of bundling again.
  if (fs.existsSync(WEB_OUT)) {
    fs.mkdirSync(path.dirname(path.join(staging, path.relative(OUT, WEB_OUT))), { recursive: true });
    fs.renameSync(WEB_OUT, path.join(staging, path.relative(OUT, WEB_OUT)));
  }
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(staging, OUT);
  fs.rmSync(old, { recursive: true, force: true });
}

function listWebSources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(full);
      } else if (!IS_WEB_TEST.test(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const root of WEB_INPUTS) if (fs.existsSync(root)) walk(root);
  return files.sort();
}

/** `vite build` in a child process (the bundler's memory is not kept by `npm start`, which runs in this process). */
function bundleWebApp(outDir, lock) {
  const { spawn } = require('node:child_process');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) throw new Error('vite is not installed (npm ci): the review app cannot be built');
  // Keep the build lock fresh while Vite runs, so a concurrent builder does not take it for stale.
  const touch = setInterval(() => fs.utimesSync(lock, new Date(), new Date()), 10000);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(WEB_APP, 'vite.config.mts'), '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  }).finally(() => clearInterval(touch));
}

/** Bundles apps/web into dist/apps/web unless its stamp is current; returns whether it bundled. */
async function buildWebApp(log) {
  if (!fs.existsSync(WEB_APP)) return false;
  const stamp = stampOf(listWebSources(), [path.join(ROOT, 'package-lock.json')]);
  const stampFile = path.join(WEB_OUT, '.build-stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return false;
  const started = Date.now();
  const staging = fs.mkdtempSync(path.join(ROOT, 'tmp', 'web-'));
  try {
    await bundleWebApp(staging, LOCK);
    fs.writeFileSync(path.join(staging, '.build-stamp'), stamp);
    fs.chmodSync(staging, 0o755);
    fs.mkdirSync(path.dirname(WEB_OUT), { recursive: true });
    fs.rmSync(WEB_OUT, { recursive: true, force: true });
    fs.renameSync(staging, WEB_OUT);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`build: review app bundled to ${path.relative(ROOT, WEB_OUT)}/ in ${Date.now() - started} ms`);
  return true;
}

function acquireLock(timeoutMs = 180000) {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      return () => fs.rmSync(LOCK, { recursive: true, force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A builder killed mid-way leaves its lock behind; builds take seconds, so an old lock is stale.
      const age = Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 120000) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() - started > timeoutMs) throw new Error(`build: ${LOCK} is held by another build for over ${timeoutMs / 1000} s`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** Builds dist/ unless it is up to date; returns whether it compiled. */
async function build({ log = () => undefined } = {}) {
  const release = acquireLock();
  try {
    const files = listSources();
    const stamp = stampOf(files);
    let compiled = false;
    if (!fs.existsSync(STAMP) || fs.readFileSync(STAMP, 'utf8') !== stamp) {
      const started = Date.now();
      install(await compile(files), stamp);
      log(`build: ${files.length} files compiled to dist/ in ${Date.now() - started} ms`);
      compiled = true;
    }
    const bundled = await buildWebApp(log);
    return compiled || bundled;
  } finally {
    release();
  }
}

module.exports = { build, OUT };

if (require.main === module) {
  build({ log: (line) => process.stderr.write(`${line}\n`) }).catch((error) => {
    process.stderr.write(`build failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
}
