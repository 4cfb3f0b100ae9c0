import { CASES, LARGE_CASES, largeSizes, parseOptions, USAGE } from './options';

describe('parseOptions --profile', () => {
  it('runs every case but the large-only report by default, on the standard data', () => {
    const options = parseOptions([]);
    expect(options.profile).toBe('standard');
    expect(options.records).toBe(1_000_000);
    expect(options.operations).toBe(100_000);
    expect([...options.only].sort()).toEqual(
      CASES.map((c) => c.key)
        .filter((key) => key !== '13')
        .sort(),
    );
  });

  it('large: 1,000,000 records, 10,000 operations, only read, list, apply, search and the completeness report', () => {
    for (const argv of [['--profile', 'large'], ['--profile=large']]) {
      const options = parseOptions(argv);
      expect(options.profile).toBe('large');
      expect(options.records).toBe(1_000_000);
      expect(options.operations).toBe(10_000);
      expect([...options.only].sort()).toEqual(['1', '13', '4', '6', '8']);
      expect(options.sizes).toEqual(largeSizes(1_000_000));
    }
  });

  it('large shrinks with --records and --ops, and --only narrows it to its own cases', () => {
    const options = parseOptions(['--profile', 'large', '--records', '20000', '--ops', '500', '--only', 'report,read']);
    expect(options.records).toBe(20_000);
    expect(options.operations).toBe(500);
    expect([...options.only].sort()).toEqual(['1', '13']);
    // The watchdog grows with the records generated.
    expect(largeSizes(20_000).runLimitMs).toBeLessThan(largeSizes(1_000_000).runLimitMs);
    expect(options.sizes).toEqual(largeSizes(20_000));
  });

  it('refuses cases, --quick and --peers the large profile does not run', () => {
    expect(() => parseOptions(['--profile', 'large', '--only', 'create'])).toThrow(/only cases 1, 4, 6, 8, 13 \(not 2\)/);
    expect(() => parseOptions(['--profile', 'large', '--quick'])).toThrow(/no quick form/);
    expect(() => parseOptions(['--profile', 'large', '--peers'])).toThrow(/no peers/);
  });

  it('refuses the completeness-report case without the large profile, and an unknown profile', () => {
    expect(() => parseOptions(['--only', '13'])).toThrow(/only with --profile large/);
    expect(() => parseOptions(['--profile', 'huge'])).toThrow(/unknown profile 'huge'/);
  });

  it('documents the profile', () => {
    expect(USAGE).toContain('--profile large');
    expect(USAGE).toContain(LARGE_CASES.join(', '));
  });
});
