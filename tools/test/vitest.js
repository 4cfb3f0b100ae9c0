'use strict';
/**
 * The review app's component tests (Vitest, jsdom) as part of `npm test`: run before Jest, their
 * counts join Jest's in the one summary line. Narrowed runs (another tier, named test files, the
 * fault-test config) leave them out.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG = path.join(ROOT, 'apps', 'web', 'vitest.config.mts');
const NARROWING = /^(--config|-c|--testPathPatterns?|--testNamePattern|-t|--findRelatedTests|--onlyChanged|-o|--changedSince|--listTests|--shard)(=|$)/;

/** Whether `npm test <args>` should run the component tests too. */
function vitestWanted(args) {
  let projects;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--selectProjects' || arg.startsWith('--selectProjects=')) {
      projects = arg.includes('=') ? arg.split('=')[1].split(',') : [];
      while (index + 1 < args.length && !args[index + 1].startsWith('-')) projects.push(args[++index]);
    } else if (NARROWING.test(arg) || !arg.startsWith('-')) {
      return false;
    }
  }
  return !projects || projects.includes('unit');
}

/** Runs Vitest once; resolves to its Jest-format JSON results (undefined when it wrote none) and exit code. */
function runVitest(outputFile) {
  const bin = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
  return new Promise((resolve) => {
    if (!fs.existsSync(bin)) {
      process.stdout.write('vitest: not installed (npm ci)\n');
      resolve({ results: undefined, code: 1 });
      return;
    }
    const child = spawn(process.execPath, [bin, 'run', '--config', CONFIG, '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, CI: process.env.CI ?? 'true' },
    });
    child.on('error', (error) => {
      process.stdout.write(`vitest: could not run (${error.message})\n`);
      resolve({ results: undefined, code: 1 });
    });
    child.on('close', (code) => {
      let results;
      try {
        results = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
      } catch {
        results = undefined;
      }
      resolve({ results, code: code ?? 1 });
    });
  });
}

module.exports = { vitestWanted, runVitest };
