import { eventually } from '@sigma/testing';
import {
  type AuditTestBed,
  Confirmations,
  EDITOR,
  type RecordsProcess,
  auditConsumerState,
  auditRowsOf,
  createAuditTestBed,
  createRecord,
  expectEachOnceInRecordOrder,
  groupBy,
  inParallel,
  outboxOf,
  renameRecord,
  streamMessages,
  tally,
} from './audit-harness';

/**
 * Outages on real PostgreSQL and NATS JetStream: the audit service stopped while records are
 * written catches up from its durable consumer; the outbox relay stopped while records are
 * written publishes the backlog when it starts again. Nothing lost, nothing twice, commit order
 * per record.
 */
describe('audit pipeline after outages (integration)', () => {
  let bed: AuditTestBed;
  let confirmations: Confirmations;
  let records: RecordsProcess;

  beforeAll(async () => {
    bed = await createAuditTestBed('auditcatchup');
    confirmations = new Confirmations(bed.nats, bed.prefix);
    await confirmations.ready(bed.nats);
    records = await bed.startRecords();
  }, 60000);

  afterAll(async () => {
    confirmations?.close();
    await bed?.stop();
  }, 60000);

  /** Every entry of these records once per outbox event, sequences 1..n, each update's old value the previous new value. */
  async function expectCompleteTrail(ids: readonly string[], eventsPerRecord: number): Promise<void> {
    const outbox = await outboxOf(bed, ids);
    expect(outbox).toHaveLength(ids.length * eventsPerRecord);
    const rows = await eventually(async () => {
      const found = await auditRowsOf(bed, ids);
      expect(found).toHaveLength(outbox.length);
      return found;
    }, 30000);
    // Exactly one entry per event: none lost, none twice.
    const perEvent = tally(rows, (row) => row.event_id);
    expect(outbox.filter((event) => perEvent.get(event.id) !== 1)).toEqual([]);
    expect(perEvent.size).toBe(outbox.length);

    const outboxByRecord = groupBy(outbox, (row) => row.aggregate_id);
    for (const [id, trail] of groupBy(rows, (row) => row.entity_id)) {
      // Commit order: the record versions, in the order the outbox got them.
      expect(trail.map((row) => row.sequence)).toEqual(Array.from({ length: eventsPerRecord }, (_, index) => index + 1));
      expect(trail.map((row) => row.event_id)).toEqual(outboxByRecord.get(id)!.map((row) => row.id));
      expect(trail.map((row) => row.action)).toEqual(['create', ...Array(eventsPerRecord - 1).fill('update')]);
      const names = trail.map((row) => row.changes.find((change) => change.attributeAlias === 'product-name')!);
      for (let index = 1; index < names.length; index++) expect(names[index].oldValue).toEqual(names[index - 1].newValue);
    }
    await eventually(async () => expect(ids.flatMap((id) => outboxByRecord.get(id)!).filter((event) => !confirmations.has(event.id))).toEqual([]));
  }

  it('catches up after being stopped while 200 creates and updates were written: nothing lost, commit order per record', async () => {
    const audit = await bed.startAudit();
    const first = await createRecord(bed, 'CATCH-0', EDITOR);
    await eventually(async () => expect(await auditRowsOf(bed, [first.id])).toHaveLength(1));
    await audit.stop();
    const processedBefore = await auditConsumerState(bed);
    expect(processedBefore).toMatchObject({ pending: 0, ackPending: 0 });

    // 40 records, then 4 concurrent updates of each: the row lock decides their order, the version records it.
    const created = await inParallel(
      Array.from({ length: 40 }, (_, index) => `CATCH-${index + 1}`),
      8,
      (sku) => createRecord(bed, sku, EDITOR),
    );
    const ids = created.map((record) => record.id);
    await inParallel(ids, 4, (id) => Promise.all([1, 2, 3, 4].map((round) => renameRecord(bed, id, `${id} v${round}`, EDITOR))));

    // All relayed while the audit service was down, and waiting in its durable consumer.
    await eventually(async () => expect((await outboxOf(bed, ids)).filter((row) => row.published_at === null)).toEqual([]));
    expect((await streamMessages(bed)).filter((message) => ids.includes(message.event.aggregateId))).toHaveLength(200);
    expect(await auditConsumerState(bed)).toMatchObject({ pending: 200 });
    expect(await auditRowsOf(bed, ids)).toEqual([]);

    const restarted = Date.now();
    await bed.startAudit();
    await expectCompleteTrail(ids, 5);
    expect(Date.now() - restarted).toBeLessThan(10000);
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));

    // Read back through the service, newest first: the last rename on top.
    const id = ids[7];
    const current = await bed.ok('records.record.get', { id });
    const page = await bed.ok('audit.entry.list', { entityId: id, limit: 50, offset: 0, order: 'desc' });
    expect(page.items.map((entry) => entry.action)).toEqual(['update', 'update', 'update', 'update', 'create']);
    expect(page.items[0].changes).toEqual([{ attributeAlias: 'product-name', scope: {}, oldValue: expect.any(String), newValue: current.values['product-name'][0].value }]);
  }, 90000);

  it('stopped while records are being written and started again: loses nothing and catches up well within the ack wait', async () => {
    const audit = await bed.startAudit();
    const ids: string[] = [];
    // A third of the way in, the audit service shuts down (gracefully) while the writes go on.
    const writing = inParallel(
      Array.from({ length: 60 }, (_, index) => `MIDSTREAM-${index + 1}`),
      4,
      async (sku, index) => {
        const record = await createRecord(bed, sku, EDITOR);
        ids.push(record.id);
        await renameRecord(bed, record.id, `${record.id} renamed`, EDITOR);
        if (index === 20) await audit.stop();
      },
    );
    await writing;
    const restarted = Date.now();
    await bed.startAudit();
    await expectCompleteTrail(ids, 2);
    // Messages pulled but never seen by the stopped instance would only come back after the 30 s ack wait.
    expect(Date.now() - restarted).toBeLessThan(10000);
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));
  }, 90000);

  it('relays the rows committed while the relay was stopped once it starts again, each event once', async () => {
    await records.stop();
    const writer = await bed.startRecords({ OUTBOX_RELAY: 'false' });
    const created = await inParallel(
      Array.from({ length: 20 }, (_, index) => `RELAYOFF-${index + 1}`),
      4,
      (sku) => createRecord(bed, sku, EDITOR),
    );
    const ids = created.map((record) => record.id);
    await inParallel(ids, 4, async (id) => {
      await renameRecord(bed, id, `${id} first`, EDITOR);
      await renameRecord(bed, id, `${id} second`, EDITOR);
    });

    // Committed, not published: nothing in the stream or the audit trail while no relay runs.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = await outboxOf(bed, ids);
    expect(waiting).toHaveLength(60);
    expect(waiting.filter((row) => row.published_at !== null)).toEqual([]);
    expect((await streamMessages(bed)).filter((message) => ids.includes(message.event.aggregateId))).toEqual([]);
    expect(await auditRowsOf(bed, ids)).toEqual([]);

    await bed.startRecords({ OUTBOX_RELAY: 'true' });
    await eventually(async () => expect((await outboxOf(bed, ids)).filter((row) => row.published_at === null)).toEqual([]), 15000);
    const inStream = (await streamMessages(bed)).filter((message) => ids.includes(message.event.aggregateId));
    expectEachOnceInRecordOrder(inStream, waiting);
    await expectCompleteTrail(ids, 3);
    await writer.stop();
  }, 90000);
});
