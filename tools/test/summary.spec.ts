const { summarize, combine } = require('./summary');
const { vitestWanted } = require('./vitest');

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

describe('combine', () => {
  it('adds Jest and Vitest results into one line', () => {
    const { combined, problems } = combine([
      { label: 'Jest', results: { success: true, numPassedTests: 10, numFailedTests: 0, numPendingTests: 1, testResults: [suite('passed', ['passed'])] } },
      { label: 'Vitest', results: { success: false, numPassedTests: 4, numFailedTests: 2, numTodoTests: 0, testResults: [suite('failed', ['failed'])] } },
    ]);
    expect(problems).toEqual([]);
    const result = summarize(combined);
    expect(result.line).toBe('jest: 14 passed, 2 failed, 1 skipped');
    expect(result.ok).toBe(false);
  });

  it('names a runner that wrote no results', () => {
    const { combined, problems } = combine([
      { label: 'Jest', results: { success: true, numPassedTests: 3, numFailedTests: 0, testResults: [] } },
      { label: 'Vitest', results: undefined },
    ]);
    expect(problems).toEqual(['Vitest wrote no results']);
    expect(summarize(combined).line).toBe('jest: 3 passed, 0 failed');
  });
});

describe('vitestWanted', () => {
  it('runs the component tests with the whole suite or the unit tier', () => {
    expect(vitestWanted([])).toBe(true);
    expect(vitestWanted(['--selectProjects', 'unit'])).toBe(true);
    expect(vitestWanted(['--selectProjects', 'integration', 'unit', '--maxWorkers=1'])).toBe(true);
    expect(vitestWanted(['--runInBand', '--silent'])).toBe(true);
  });

  it('leaves them out of narrowed runs: other tiers, named files, the fault-test config', () => {
    expect(vitestWanted(['--selectProjects', 'e2e'])).toBe(false);
    expect(vitestWanted(['apps/gateway/test/e2e/records.e2e-spec.ts'])).toBe(false);
    expect(vitestWanted(['--config', 'jest.faults.config.js', '--runInBand'])).toBe(false);
    expect(vitestWanted(['--testNamePattern=apply'])).toBe(false);
  });
});
