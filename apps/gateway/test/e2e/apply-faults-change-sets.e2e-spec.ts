import {
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

/**
 * The change-set service crashes while records is applying a batch for it: records commits the
 * batch and its reply is lost. On start the resumer continues the run; records answers the
 * repeated request from its idempotency table, so nothing is applied twice.
 */
describe(`apply faults: change-set service killed in the middle of a ${FAULT_N}-operation set (e2e)`, () => {
  let scenario: FaultScenario | undefined;

  beforeAll(async () => {
    scenario = await startScenario('fault-changesets');
  }, 120_000);

  afterAll(async () => {
    await stopScenario(scenario);
  }, 60_000);

  it(`ends applied, each of the ${FAULT_N} operations written and audited exactly once`, async () => {
    const s = scenario as FaultScenario;
    const { lock } = await applyUntilHalfway(s);
    try {
      await s.system.service('change-sets').kill('SIGKILL');
      mark('change-sets killed');
    } finally {
      await lock.release();
    }
    // Records finishes the batch it was given (and audit records it) while no one listens for the answer.
    await waitForState(s, 'records to finish the orphaned batch', (state) => state.appliedInRecords === FAULT_N && state.auditEntries === FAULT_N);
    await sleep(500);
    const down = await waitForState(s, 'a stable state while change-sets is down', () => true);
    // Only what was confirmed before the kill (at most the first chunk); the rest waits for the resumer.
    expect(down.confirmed).toBeLessThanOrEqual(FAULT_N / 2);
    const unavailable = await s.system.api.as('reviewer', 'POST', `/change-sets/${s.changeSetId}/apply`);
    expect([503, 504]).toContain(unavailable.status);

    await s.system.restart('change-sets');
    mark('change-sets restarted');
    await expectAppliedExactlyOnce(s, await applyUntilDone(s));
    mark('end state verified');
  }, 150_000);
});
