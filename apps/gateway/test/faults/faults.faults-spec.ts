import {
  checkNothingLost,
  type FaultSystem,
  recoveryMs,
  startFaultSystem,
  startWriteLoad,
  type WriteResult,
} from './fault-system';

/**
 * Faults on real PostgreSQL and NATS servers of the test's own, under a steady write load
 * (creates + PATCHes through the gateway): restart NATS, restart PostgreSQL, kill -9 of each of
 * them (no clean shutdown: PostgreSQL recovers from its WAL, NATS from its store), kill -9 the
 * records service, kill -9 the audit service. After each: writes succeed again within 5 s of the
 * server/service being back, every acknowledged write is in the database, and every record's
 * audit trail holds each of its versions exactly once. Run with `npm run test:faults`.
 */
jest.setTimeout(10 * 60_000);

const RECOVERY_LIMIT_MS = 5000;
const LOAD_BEFORE_MS = 2500;
const LOAD_AFTER_MS = 6000;

const figures: string[] = [];

describe('faults under a steady write load', () => {
  let system: FaultSystem;
  let token: string;

  beforeAll(async () => {
    system = await startFaultSystem('faults');
    token = await system.api.token('admin');
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
    if (figures.length > 0) process.stdout.write(`faults:\n${figures.join('\n')}\n`);
  }, 60_000);

  /** Load, `fault` (resolves when the server/service is back), more load, then the checks. */
  async function scenario(tag: string, fault: () => Promise<void>): Promise<void> {
    const load = startWriteLoad(system, token, tag);
    await sleep(LOAD_BEFORE_MS);
    const faultAt = Date.now();
    await fault();
    const backAt = Date.now();
    await sleep(LOAD_AFTER_MS);
    const results: WriteResult[] = await load.stop();
    const recovered = recoveryMs(results, backAt);
    await system.settle(60_000);
    const report = await checkNothingLost(system, results, tag);
    const failed = results.filter((r) => r.status < 200 || r.status >= 300);
    const statuses = [...new Set(failed.map((r) => r.status))].join(',');
    figures.push(
      `  ${tag}: ${results.length} writes (${report.acknowledged} acknowledged, ${failed.length} failed [${statuses}]), ` +
        `fault ${backAt - faultAt} ms, recovered ${recovered ?? 'never'} ms after; ` +
        `${report.records} records checked, lost ${report.lost.length}, duplicated ${report.duplicated.length}, unaudited ${report.unaudited.length}`,
    );
    expect(report.acknowledged).toBeGreaterThan(0);
    expect({ lost: report.lost, duplicated: report.duplicated, unaudited: report.unaudited }).toEqual({ lost: [], duplicated: [], unaudited: [] });
    expect(recovered ?? Infinity).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
  }

  it('restart of NATS: writes resume within 5 s, nothing acknowledged is lost or audited twice', async () => {
    await scenario('NATS', async () => {
      await system.nats.restart({ downMs: 1000 });
    });
  });

  it('restart of PostgreSQL: writes resume within 5 s, nothing acknowledged is lost or audited twice', async () => {
    await scenario('PG', async () => {
      await system.postgres.restart({ downMs: 1000 });
    });
  });

  it('kill -9 of nats-server: writes resume within 5 s of its start, nothing acknowledged is lost or audited twice', async () => {
    await scenario('NATSKILL', async () => {
      await system.nats.restart({ crash: true, downMs: 1000 });
    });
  });

  it('kill -9 of PostgreSQL: after crash recovery writes resume within 5 s, nothing acknowledged is lost or audited twice', async () => {
    await scenario('PGKILL', async () => {
      await system.postgres.restart({ crash: true, downMs: 1000 });
    });
  });

  it('kill -9 of the records service: its outbox resumes, nothing lost or duplicated', async () => {
    await scenario('KILLREC', () => system.crashAndRestart('records'));
  });

  it('kill -9 of the audit service: its consumer resumes, nothing lost or duplicated', async () => {
    await scenario('KILLAUD', () => system.crashAndRestart('audit'));
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
