'use strict';
/**
 * Turns Jest's --json results into the one line CI reads:
 * `jest: N passed, N failed` (+ `, N skipped` when any test was skipped, pending or todo).
 */

/** @param {any} results parsed Jest JSON output, or undefined when Jest wrote none */
function summarize(results) {
  if (!results || typeof results !== 'object') {
    return { passed: 0, failed: 0, skipped: 0, ok: false, line: 'jest: 0 passed, 0 failed', problems: ['Jest wrote no results'] };
  }
  const passed = results.numPassedTests ?? 0;
  const failed = results.numFailedTests ?? 0;
  const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  const problems = [];
  // A file that fails to load or whose hooks throw has no failed test, but the run failed.
  const brokenWithoutFailedTests = (results.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  if (brokenWithoutFailedTests.length > 0) {
    problems.push(`${brokenWithoutFailedTests.length} test file(s) failed to run: ${brokenWithoutFailedTests.map((s) => s.name).join(', ')}`);
  }
  if (passed + failed === 0) problems.push('no tests ran');
  if (results.success === false && failed === 0 && brokenWithoutFailedTests.length === 0 && passed > 0) {
    problems.push('Jest reported the run as failed (e.g. a coverage threshold or an open-handle error)');
  }
  let line = `jest: ${passed} passed, ${failed} failed`;
  if (skipped > 0) line += `, ${skipped} skipped`;
  return { passed, failed, skipped, ok: failed === 0 && problems.length === 0, line, problems };
}

/**
 * Adds up Jest-format results of several runners (Jest, and Vitest's json reporter, which writes the
 * same shape) so one summary line counts them all. A runner that wrote no results makes the whole
 * undefined-like: `summarize` then reports it.
 * @param {{ label: string, results: any }[]} runs
 */
function combine(runs) {
  const missing = runs.filter((run) => !run.results || typeof run.results !== 'object');
  const present = runs.filter((run) => !missing.includes(run));
  const sum = (key) => present.reduce((total, run) => total + (run.results[key] ?? 0), 0);
  return {
    combined: {
      success: present.every((run) => run.results.success !== false),
      numPassedTests: sum('numPassedTests'),
      numFailedTests: sum('numFailedTests'),
      numPendingTests: sum('numPendingTests'),
      numTodoTests: sum('numTodoTests'),
      testResults: present.flatMap((run) => run.results.testResults ?? []),
    },
    problems: missing.map((run) => `${run.label} wrote no results`),
  };
}

module.exports = { summarize, combine };
