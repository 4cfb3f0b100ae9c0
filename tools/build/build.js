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
 */
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist');
const STAMP = path.join(OUT, '.build-stamp');
const LOCK = path.join(ROOT, 'tmp', 'build.lock');
/** Source roots compiled; test files and test/ folders are left out. */
const SOURCE_ROOTS = ['apps', 'libs', 'tools/start', 'tools/migrate', 'tools/bench', 'tools/soak', 'tools/sdk'];
const IS_TEST = /\.(spec|int-spec|e2e-spec)\.ts$/;

function listSources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !IS_TEST.test(entry.name)) {
        files.push(full);
      }
    }
  };
  for (const root of SOURCE_ROOTS) if (fs.existsSync(path.join(ROOT, root))) walk(path.join(ROOT, root));
  return files.sort();
}

function stampOf(files) {
  const hash = crypto.createHash('sha256');
  for (const file of [__filename, path.join(ROOT, 'tsconfig.base.json'), ...files]) {
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
  const old = `${OUT}.old-${process.pid}`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(staging, OUT);
  fs.rmSync(old, { recursive: true, force: true });
}

function acquireLock(timeoutMs = 60000) {
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
    if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === stamp) return false;
    const started = Date.now();
    install(await compile(files), stamp);
    log(`build: ${files.length} files compiled to dist/ in ${Date.now() - started} ms`);
    return true;
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
