import { auditUnderLoadRow } from './audit-under-load';
import { latency } from './stats';

describe('case 3 row: audit lag under the create load', () => {
  const load = { reqPerSec: 180.4, latency: latency([10, 20, 30]), ok: 3 };

  it('shows the lags of every audited create next to the load, meeting the target at p99 ≤ 100 ms', () => {
    const row = auditUnderLoadRow({ records: 3, audited: 3, lag: latency([12, 15, 40]), drainMs: 300 }, load);
    expect(row).toMatchObject({ status: 'ok', meetsTarget: true, figure: 'p50 15.0 ms, p99 40.0 ms, max 40.0 ms (3 creates at 180/s)' });
    expect(row.baseline).toBe('the create requests of the same load: p50 20.0 ms, p99 30.0 ms');
    expect(row.notes[1]).toBe('the last entry arrived 0.3 s after the load ended');
  });

  it('misses the target past 100 ms and errors when a create never reached the audit trail', () => {
    expect(auditUnderLoadRow({ records: 2, audited: 2, lag: latency([50, 150]), drainMs: 0 }, load).meetsTarget).toBe(false);
    expect(auditUnderLoadRow({ records: 3, audited: 2, lag: latency([5, 6]), drainMs: 120_000 }, load)).toMatchObject({
      status: 'error',
      error: '1 of 3 created records never reached the audit trail',
      meetsTarget: false,
    });
  });
});
