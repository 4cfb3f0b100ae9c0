import { connect } from 'nats';
import { Streams } from '@sigma/contracts';
import { OutboxRelay } from '@sigma/messaging';
import { eventually, TEST_NATS_URL } from '@sigma/testing';
import {
  apparel,
  auditConsumerState,
  auditRowsOf,
  type AuditTestBed,
  Confirmations,
  createAuditTestBed,
  createRecord,
  EDITOR,
  expectEachOnceInRecordOrder,
  groupBy,
  inParallel,
  outboxOf,
  publishEvent,
  type RecordsProcess,
  renameRecord,
  streamMessages,
  tally,
} from './audit-harness';

/**
 * The outbox relay's failure modes on real PostgreSQL and NATS JetStream: a relay that dies
 * between the publish ack and marking the rows sent (simulated precisely, and by SIGKILL under
 * load), and several relays on one database. The audit trail must hold every event exactly once,
 * in commit order per record. The tests run in order: the relay the first one starts serves the
 * next three.
 */
describe('outbox relay recovery and replicas (integration)', () => {
  let bed: AuditTestBed;
  let confirmations: Confirmations;
  /** Started by the first test (the relay that comes back), used by the following ones. */
  let relay: RecordsProcess;

  beforeAll(async () => {
    bed = await createAuditTestBed('auditrelay');
    confirmations = new Confirmations(bed.nats, bed.prefix);
    await confirmations.ready(bed.nats);
    // Writes land in the outbox; each test decides when and how a relay publishes them.
    await bed.startRecords({ OUTBOX_RELAY: 'false' });
    await bed.startAudit();
  }, 60000);

  afterAll(async () => {
    confirmations?.close();
    await bed?.stop();
  }, 60000);

  /** `count` records, each created then renamed `renames` times (sequentially per record). */
  async function writeRecords(label: string, count: number, renames: number): Promise<string[]> {
    const created = await inParallel(
      Array.from({ length: count }, (_, index) => `${label}-${index + 1}`),
      4,
      (sku) => createRecord(bed, sku, EDITOR),
    );
    const ids = created.map((record) => record.id);
    await inParallel(ids, 4, async (id) => {
      for (let round = 1; round <= renames; round++) await renameRecord(bed, id, `${id} v${round}`, EDITOR);
    });
    return ids;
  }

  /** An outbox relay of the records schema in this process (a replica), counting the rows it publishes. */
  async function startRelayReplica(batchSize: number): Promise<{ relayed(): number; stop(): Promise<void> }> {
    const nats = await connect({ servers: TEST_NATS_URL, name: 'audit-it-relay-replica' });
    const relay = new OutboxRelay(nats, {
      schema: 'records',
      databaseUrl: bed.database.url,
      subjectPrefix: bed.prefix,
      stream: Streams.recordEvents,
      batchSize,
      idlePollMs: 50,
    });
    const relayBatch = relay.relayBatch.bind(relay);
    let total = 0;
    relay.relayBatch = async () => {
      const count = await relayBatch();
      total += count;
      return count;
    };
    await relay.start();
    return {
      relayed: () => total,
      async stop() {
        await relay.stop();
        await nats.close();
      },
    };
  }

  const unpublished = async (ids: readonly string[]) => (await outboxOf(bed, ids)).filter((row) => row.published_at === null);
  const streamOf = async (ids: readonly string[]) => (await streamMessages(bed)).filter((message) => ids.includes(message.event.aggregateId));

  /** Exactly one audit entry per outbox event of these records, sequences 1..n per record. */
  async function expectOneEntryPerEvent(ids: readonly string[]): Promise<void> {
    const outbox = await outboxOf(bed, ids);
    const rows = await eventually(async () => {
      const found = await auditRowsOf(bed, ids);
      expect(found.length).toBeGreaterThanOrEqual(outbox.length);
      return found;
    }, 20000);
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));
    const settled = await auditRowsOf(bed, ids);
    expect(settled).toEqual(rows);
    expect(rows).toHaveLength(outbox.length);
    const perEvent = tally(rows, (row) => row.event_id);
    expect(outbox.filter((event) => perEvent.get(event.id) !== 1)).toEqual([]);
    const perRecord = groupBy(outbox, (row) => row.aggregate_id);
    for (const [id, trail] of groupBy(rows, (row) => row.entity_id)) {
      expect(trail.map((row) => row.sequence)).toEqual(perRecord.get(id)!.map((row) => row.envelope.sequence));
      expect(trail.map((row) => row.sequence)).toEqual(Array.from({ length: trail.length }, (_, index) => index + 1));
    }
  }

  it('relay killed between publish and mark-sent, republishing after the duplicate window: no duplicate entry', async () => {
    const ids = await writeRecords('CRASH', 10, 1);
    const outbox = await outboxOf(bed, ids);
    expect(outbox).toHaveLength(20);

    // The dead relay's attempt: published and acknowledged, never marked. Another Nats-Msg-Id stands
    // for a republish after the stream's 2-minute duplicate window, so the stream takes both copies.
    for (const row of outbox) expect((await publishEvent(bed, row.envelope, `${row.id}:before-crash`)).duplicate).toBe(false);
    await eventually(async () => expect(outbox.filter((row) => !confirmations.has(row.id))).toEqual([]));
    expect(await unpublished(ids)).toHaveLength(20);
    const firstEntries = await auditRowsOf(bed, ids);
    expect(firstEntries).toHaveLength(20);

    // The relay comes back (a records instance with the relay on) and publishes every unmarked row again.
    relay = await bed.startRecords({ OUTBOX_RELAY: 'true' });
    await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
    const inStream = await streamOf(ids);
    expect(inStream).toHaveLength(40);
    for (const row of outbox) {
      expect(inStream.filter((message) => message.event.id === row.id).map((message) => message.msgId)).toEqual([
        `${row.id}:before-crash`,
        row.id,
      ]);
    }

    // Both copies reached the writer (each confirmed), the second wrote nothing.
    await eventually(async () => expect(outbox.filter((row) => confirmations.of(row.id).length < 2)).toEqual([]));
    await expectOneEntryPerEvent(ids);
    expect(await auditRowsOf(bed, ids)).toEqual(firstEntries);
    for (const entry of firstEntries) expect(new Set(confirmations.of(entry.event_id).map((confirmed) => confirmed.auditId))).toEqual(new Set([entry.id]));
  }, 90000);

  it('relay failing right after the publish ack retries: the stream dedupes by Nats-Msg-Id, one entry per event', async () => {
    // Every attempt to mark rows sent fails, as if the relay died right after the acks; a sequence
    // (not rolled back) counts the attempts.
    await bed.pg.query(`
      CREATE SEQUENCE records.test_mark_attempts;
      CREATE FUNCTION records.test_refuse_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM nextval('records.test_mark_attempts');
        RAISE EXCEPTION 'relay killed before marking (test)';
      END $$;
      CREATE TRIGGER test_refuse_mark BEFORE UPDATE ON records.outbox FOR EACH STATEMENT EXECUTE FUNCTION records.test_refuse_mark();
    `);
    const attempts = async () =>
      Number((await bed.pg.query<{ n: string }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM records.test_mark_attempts')).rows[0].n);
    // TypeORM prints each refused statement; the test expects them.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    let dropped = false;
    const dropTrigger = async () => {
      if (dropped) return;
      dropped = true;
      await bed.pg.query(`
        DROP TRIGGER test_refuse_mark ON records.outbox;
        DROP FUNCTION records.test_refuse_mark();
        DROP SEQUENCE records.test_mark_attempts;
      `);
    };
    try {
      const ids = await writeRecords('NOMARK', 10, 1);
      const outbox = await outboxOf(bed, ids);

      // Published (and audited) again and again, never marked.
      await eventually(async () => expect(await attempts()).toBeGreaterThanOrEqual(3), 15000);
      await eventually(async () => expect(outbox.filter((row) => !confirmations.has(row.id))).toEqual([]));
      expect(await unpublished(ids)).toHaveLength(20);

      await dropTrigger();
      // Wakes the relay from its back-off sleep rather than waiting it out.
      await bed.pg.query(`SELECT pg_notify('sigma_outbox', 'records')`);
      await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
      // Every retry re-sent the rows under the same Nats-Msg-Id: the stream kept each once, in commit order per record.
      expectEachOnceInRecordOrder(await streamOf(ids), outbox);
      await expectOneEntryPerEvent(ids);
    } finally {
      quiet.mockRestore();
      await dropTrigger();
    }
  });

  it('a mark-sent lost after a relay run (published_at reset) is republished and deduped: one entry per event', async () => {
    const ids = await writeRecords('RESET', 5, 2);
    await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
    await expectOneEntryPerEvent(ids);
    const entries = await auditRowsOf(bed, ids);

    await bed.pg.query('UPDATE records.outbox SET published_at = NULL WHERE aggregate_id = ANY($1)', [ids]);
    await bed.pg.query(`SELECT pg_notify('sigma_outbox', 'records')`);
    await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
    expectEachOnceInRecordOrder(await streamOf(ids), await outboxOf(bed, ids));
    await expectOneEntryPerEvent(ids);
    expect(await auditRowsOf(bed, ids)).toEqual(entries);
  });

  it('two records services relaying from one database never double-publish or reorder: each event once, per-record sequence strictly increasing', async () => {
    const second = await bed.startRecords({ OUTBOX_RELAY: 'true' });
    // Creates, then 3 concurrent updates per record, spread over the three records services by the queue group.
    const created = await inParallel(
      Array.from({ length: 30 }, (_, index) => `TWO-${index + 1}`),
      6,
      (sku) => createRecord(bed, sku, EDITOR),
    );
    const ids = created.map((record) => record.id);
    await inParallel(ids, 6, (id) => Promise.all([1, 2, 3].map((round) => renameRecord(bed, id, `${id} r${round}`, EDITOR))));
    const outbox = await outboxOf(bed, ids);
    expect(outbox).toHaveLength(120);

    await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
    const inStream = await streamOf(ids);
    // Never twice: one stream message per event, under its own id. Never reordered: within a record,
    // stream order is commit order.
    expect(inStream).toHaveLength(120);
    expectEachOnceInRecordOrder(inStream, outbox);
    for (const [, messages] of groupBy(inStream, (message) => message.event.aggregateId))
      expect(messages.map((message) => message.event.sequence)).toEqual([1, 2, 3, 4]);
    await expectOneEntryPerEvent(ids);
    await Promise.all([relay.stop(), second.stop()]);
  }, 90000);

  it('two relay replicas taking turns in batches of 2 publish each row exactly once, in commit order per record', async () => {
    // Only the two replicas in this process relay now; the records service left running only writes.
    const replicas = [await startRelayReplica(2), await startRelayReplica(2)];
    try {
      const created = await inParallel(
        Array.from({ length: 20 }, (_, index) => `TURNS-${index + 1}`),
        5,
        (sku) => createRecord(bed, sku, EDITOR),
      );
      const ids = created.map((record) => record.id);
      await inParallel(ids, 5, (id) => Promise.all([1, 2].map((round) => renameRecord(bed, id, `${id} t${round}`, EDITOR))));
      const outbox = await outboxOf(bed, ids);
      expect(outbox).toHaveLength(60);

      await eventually(async () => expect(await unpublished(ids)).toEqual([]), 15000);
      // Between them the replicas published each row once: not re-sent and merely deduped by the stream.
      expect(replicas[0].relayed() + replicas[1].relayed()).toBe(60);
      expect(replicas.map((replica) => replica.relayed() > 0)).toEqual([true, true]);
      const inStream = await streamOf(ids);
      expectEachOnceInRecordOrder(inStream, outbox);
      for (const [, messages] of groupBy(inStream, (message) => message.event.aggregateId))
        expect(messages.map((message) => message.event.sequence)).toEqual([1, 2, 3]);
      await expectOneEntryPerEvent(ids);
    } finally {
      for (const replica of replicas) await replica.stop();
    }
  });

  it('a records service killed (SIGKILL) while writing and relaying loses no committed event and duplicates none', async () => {
    const doomed = await bed.startRecords({ OUTBOX_RELAY: 'true' });
    // Writes keep going through every records service of the queue group; those in flight in the
    // killed one may fail (or commit without an answer): only what committed counts.
    let completed = 0;
    const writes = inParallel(
      Array.from({ length: 60 }, (_, index) => `KILL-${index + 1}`),
      4,
      async (sku) => {
        const reply = await bed.call('records.record.create', apparel(sku), EDITOR, 3000).catch(() => undefined);
        if (reply?.ok) await bed.call('records.record.update', { id: reply.data.id, values: { 'product-name': [{ scope: {}, value: `${sku} renamed` }] } }, EDITOR, 3000).catch(() => undefined);
        completed++;
      },
    );
    await eventually(async () => expect(completed).toBeGreaterThanOrEqual(15), 30000, 5);
    await doomed.crash();
    await writes;

    // Another relay takes over what the killed one left unpublished or unmarked.
    relay = await bed.startRecords({ OUTBOX_RELAY: 'true' });
    await eventually(async () => expect((await outboxOf(bed)).filter((row) => row.published_at === null)).toEqual([]), 20000);
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }), 20000);

    // Everything this file committed, demo workspace included: one audit entry per outbox event, none without one.
    const { rows } = await bed.pg.query<{ outbox: number; audited_once: number; entries: number; orphans: number }>(`
      SELECT (SELECT count(*)::int FROM records.outbox) AS outbox,
             (SELECT count(*)::int FROM records.outbox o WHERE (SELECT count(*) FROM audit.audit_entry a WHERE a.event_id = o.id) = 1) AS audited_once,
             (SELECT count(*)::int FROM audit.audit_entry) AS entries,
             (SELECT count(*)::int FROM audit.audit_entry a WHERE NOT EXISTS (SELECT 1 FROM records.outbox o WHERE o.id = a.event_id)) AS orphans
    `);
    expect(rows[0].outbox).toBeGreaterThan(0);
    expect(rows[0]).toEqual({ outbox: rows[0].outbox, audited_once: rows[0].outbox, entries: rows[0].outbox, orphans: 0 });
    // And per record, the versions in order without a gap.
    const { rows: gaps } = await bed.pg.query(`
      SELECT entity_id, array_agg(sequence ORDER BY sequence) AS sequences FROM audit.audit_entry
      GROUP BY entity_id HAVING NOT (min(sequence) = 1 AND max(sequence) = count(*) AND count(DISTINCT sequence) = count(*))
    `);
    expect(gaps).toEqual([]);
  }, 90000);
});
