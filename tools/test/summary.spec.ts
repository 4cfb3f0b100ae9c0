const { summarize } = require('./summary');

const suite = (status: string, tests: string[], message = '') => ({
  name: `/repo/${status}.spec.ts`,
  status,
  message,
  assertionResults: tests.map((s) => ({ status: s })),
});

describe('summarize', () => {
  it('reports passes and failures', () => {
    const result = summarize({
      success: false,
      numPassedTests: 10,
      numFailedTests: 2,
      numPendingTests: 0,
      numTodoTests: 0,
      testResults: [suite('failed', ['passed', 'failed'], 'boom')],
    });
    expect(result.line).toBe('jest: 10 passed, 2 failed');
    expect(result.ok).toBe(false);
  });

  it('is ok when everything passed, and counts skipped and todo together', () => {
    const result = summarize({ success: true, numPassedTests: 5, numFailedTests: 0, numPendingTests: 2, numTodoTests: 1, testResults: [] });
    expect(result.line).toBe('jest: 5 passed, 0 failed, 3 skipped');
    expect(result.ok).toBe(true);
  });

  it('fails when no test ran', () => {
    const result = summarize({ success: true, numPassedTests: 0, numFailedTests: 0, testResults: [] });
    expect(result.line).toBe('jest: 0 passed, 0 failed');
    expect(result.ok).toBe(false);
    expect(result.problems).toContain('no tests ran');
  });

  it('fails when a test file could not run, although no test failed', () => {
    const result = summarize({
      success: false,
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [suite('failed', [], 'Cannot find module'), suite('passed', ['passed'])],
    });
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/1 test file\(s\) failed to run/);
  });

  it('fails without results', () => {
    expect(summarize(undefined)).toMatchObject({ ok: false, line: 'jest: 0 passed, 0 failed' });
  });
});
