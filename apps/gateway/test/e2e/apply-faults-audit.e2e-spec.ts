import { connect, type ConsumerInfo } from 'nats';
import { Consumers, Streams } from '@sigma/contracts';
import { streamName } from '@sigma/messaging';
import { TEST_NATS_URL } from '@sigma/testing';
import {
  APPLY_CHUNK,
  applyState,
  applyUntilDone,
  applyUntilHalfway,
  expectAppliedExactlyOnce,
  FAULT_N,
  type FaultScenario,
  holdLock,
  mark,
  sleep,
  startScenario,
  stopScenario,
  waitForState,
} from './apply-faults.harness';

/** Redelivery of unacknowledged events waits for the consumer's ack wait (record-events.consumer.ts), 30 s. */
const REDELIVERY_TIMEOUT_MS = 60_000;

/**
 * The audit service crashes half-way, in the middle of writing a batch of entries (held there by
 * the test's table lock), with those events delivered and not acknowledged. Records keeps applying;
 * no operation counts as applied until the audit trail recorded it. After restart the apply
 * completes, and the redelivered batch writes nothing twice.
 */
describe(`apply faults: audit killed in the middle of a ${FAULT_N}-operation set (e2e)`, () => {
  let scenario: FaultScenario | undefined;

  beforeAll(async () => {
    scenario = await startScenario('fault-audit');
  }, 120_000);

  afterAll(async () => {
    await stopScenario(scenario);
  }, 60_000);

  it(`ends applied, each of the ${FAULT_N} operations written and audited exactly once`, async () => {
    const s = scenario as FaultScenario;
    const firstChunk = FAULT_N > APPLY_CHUNK ? APPLY_CHUNK : 0;
    const { lock } = await applyUntilHalfway(s);
    const auditLock = await holdLock(s, 'LOCK TABLE audit.audit_entry IN SHARE MODE');
    try {
      await lock.release();
      // Records applies the rest and relays every event; audit's insert of them waits on the table lock.
      await waitForState(
        s,
        "audit's write of the rest to be open",
        (state) => state.appliedInRecords === FAULT_N && state.outboxPublished === FAULT_N && state.auditWriteWaiting > 0,
      );
      await s.system.service('audit').kill('SIGKILL');
      mark('audit killed');
    } finally {
      await auditLock.release();
    }
    const atKill = await auditConsumer(s);
    expect(atKill.num_ack_pending).toBeGreaterThanOrEqual(FAULT_N - firstChunk);
    // The orphaned insert may still commit, but no one confirms it: the apply waits for the audit trail.
    await sleep(2000);
    const waiting = await s.system.api.as('viewer', 'GET', `/change-sets/${s.changeSetId}`);
    expect(waiting.body.status).toBe('applying');
    expect(waiting.body.applyProgress).toEqual({ done: firstChunk, applied: firstChunk, failed: 0, total: FAULT_N });
    expect((await applyState(s)).confirmed).toBe(firstChunk);

    await s.system.restart('audit');
    mark('audit restarted');
    await expectAppliedExactlyOnce(s, await applyUntilDone(s));
    mark('end state verified');

    // The events the killed process held unacknowledged come again; they must not add entries.
    await waitForAuditConsumerSettled(s, atKill.delivered.consumer_seq + atKill.num_ack_pending);
    mark('audit consumer settled');
    await expectAppliedExactlyOnce(s, await applyUntilDone(s));
  }, 150_000);
});

async function auditConsumer(s: FaultScenario): Promise<ConsumerInfo> {
  const nats = await connect({ servers: TEST_NATS_URL });
  try {
    const jsm = await nats.jetstreamManager();
    return await jsm.consumers.info(streamName(s.system.subjectPrefix, Streams.recordEvents), Consumers.audit);
  } finally {
    await nats.close();
  }
}

/** Waits until the consumer delivered `deliveries` messages in all (the unacknowledged ones again) and has nothing pending. */
async function waitForAuditConsumerSettled(s: FaultScenario, deliveries: number): Promise<void> {
  const deadline = Date.now() + REDELIVERY_TIMEOUT_MS;
  for (;;) {
    const info = await auditConsumer(s);
    if (info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.consumer_seq >= deliveries) return;
    if (Date.now() > deadline) {
      const { num_pending, num_ack_pending, num_redelivered, delivered, ack_floor } = info;
      throw new Error(`audit consumer not settled after ${REDELIVERY_TIMEOUT_MS} ms: ${JSON.stringify({ deliveries, num_pending, num_ack_pending, num_redelivered, delivered, ack_floor })}`);
    }
    await sleep(500);
  }
}
