import {
  APPLY_CHUNK,
  applyUntilDone,
  applyUntilHalfway,
  expectAppliedExactlyOnce,
  FAULT_N,
  type FaultScenario,
  mark,
  sleep,
  startScenario,
  stopScenario,
  waitForState,
} from './apply-faults.harness';

/** The records service crashes with a batch of operations open: that batch rolls back, the change-set job retries it. */
describe(`apply faults: records killed mid-batch of a ${FAULT_N}-operation set (e2e)`, () => {
  let scenario: FaultScenario | undefined;

  beforeAll(async () => {
    scenario = await startScenario('fault-records');
  }, 120_000);

  afterAll(async () => {
    await stopScenario(scenario);
  }, 60_000);

  it(`ends applied, each of the ${FAULT_N} operations written and audited exactly once`, async () => {
    const s = scenario as FaultScenario;
    const { lock } = await applyUntilHalfway(s);
    const firstChunk = FAULT_N > APPLY_CHUNK ? APPLY_CHUNK : 0;
    try {
      await s.system.service('records').kill('SIGKILL');
      mark('records killed');
    } finally {
      await lock.release();
    }
    // The killed process's open transaction rolls back: nothing of the second batch is written.
    await waitForState(s, 'the orphaned batch to roll back', (state) => state.lockWaiters === 0);
    await sleep(1000);
    const down = await waitForState(s, 'a stable state while records is down', () => true);
    expect(down).toMatchObject({ appliedInRecords: firstChunk, auditEntries: firstChunk, outboxEvents: firstChunk });
    expect(down.confirmed).toBeLessThanOrEqual(firstChunk);
    const { rows } = await s.pg.query(`SELECT count(*)::int AS count FROM records.record WHERE values->'material'->0->>'value' LIKE 'Linen %'`);
    expect(rows[0].count).toBe(firstChunk);

    await s.system.restart('records');
    mark('records restarted');
    await expectAppliedExactlyOnce(s, await applyUntilDone(s));
    mark('end state verified');
  }, 150_000);
});
