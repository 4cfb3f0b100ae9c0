#!/usr/bin/env node
'use strict';
/**
 * `npm test`: the review app's component tests (Vitest), then every Jest tier (unit, integration,
 * e2e) in one run, then, as the LAST line, `jest: N passed, N failed[, N skipped]` counting both
 * runners. Exits non-zero when anything failed, a runner itself failed, or no test ran. Extra
 * arguments go to Jest (`npm test -- --selectProjects unit`); narrowed runs skip Vitest (tools/test/vitest.js).
 * JEST_MAX_WORKERS overrides the default of 2 workers (these machines have 2 cores).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { combine, summarize } = require('./summary');
const { runVitest, vitestWanted } = require('./vitest');

const root = path.resolve(__dirname, '..', '..');
const extra = process.argv.slice(2);
const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-jest-'));
const outputFile = path.join(outputDir, 'results.json');
const workerFlags = /^(--maxWorkers|-w|--runInBand|-i)(=|$)/;
const workers = extra.some((arg) => workerFlags.test(arg)) ? [] : [`--maxWorkers=${process.env.JEST_MAX_WORKERS || 2}`];
// --forceExit: a test that leaks a handle (a child process after a failure) must not hang CI past its results.
const args = ['--ci', '--json', '--forceExit', `--outputFile=${outputFile}`, ...workers, ...extra];

const jestBin = require.resolve('jest/bin/jest', { paths: [root] });

(async () => {
  const vitest = vitestWanted(extra) ? await runVitest(path.join(outputDir, 'vitest.json')) : undefined;
  const child = spawn(process.execPath, [jestBin, ...args], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('error', (error) => finish(null, `could not run Jest: ${error.message}`, vitest));
  child.on('close', (code, signal) => finish(code, signal ? `Jest was killed by ${signal}` : undefined, vitest));
})();

function finish(code, reason, vitest) {
  let results;
  try {
    results = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
  } catch {
    results = undefined;
  }
  fs.rmSync(outputDir, { recursive: true, force: true });
  const runs = [{ label: 'Jest', results }, ...(vitest ? [{ label: 'Vitest', results: vitest.results }] : [])];
  const { combined, problems: missing } = combine(runs);
  const summary = summarize(combined);
  const problems = [...summary.problems, ...missing];
  if (reason) problems.push(reason);
  else if (code !== 0 && summary.ok) problems.push(`Jest exited with code ${code}`);
  if (vitest && vitest.results && vitest.code !== 0 && summary.ok) problems.push(`Vitest exited with code ${vitest.code}`);
  for (const problem of problems) process.stdout.write(`jest: ${problem}\n`);
  process.stdout.write(`${summary.line}\n`);
  process.exit(summary.ok && problems.length === 0 && code === 0 && !reason ? 0 : 1);
}
