import { eventually } from '@sigma/testing';
import { AuditWriter } from '../../src/entries/audit-writer';
import { toAuditRow } from '../../src/entries/to-audit-row';
import {
  ADMIN,
  type AuditTestBed,
  Confirmations,
  EDITOR,
  type RunningApp,
  auditConsumerState,
  auditRowsForEvents,
  auditRowsOf,
  createAuditTestBed,
  createRecord,
  outboxOf,
  publishEvent,
  renameRecord,
  streamMessages,
  syntheticEvent,
  tally,
} from './audit-harness';

/**
 * The audit pipeline on real PostgreSQL and NATS JetStream: records' outbox relay, the durable
 * `audit` consumer, its dedupe by event id, the `audit.entry.recorded` confirmations and the
 * `audit.entry.check-recorded` question.
 */
describe('audit pipeline: outbox relay, JetStream, audit writer (integration)', () => {
  let bed: AuditTestBed;
  let confirmations: Confirmations;
  let audit: RunningApp;

  beforeAll(async () => {
    bed = await createAuditTestBed('auditpipe');
    confirmations = new Confirmations(bed.nats, bed.prefix);
    await confirmations.ready(bed.nats);
    await bed.startRecords();
    audit = await bed.startAudit();
  }, 60000);

  afterAll(async () => {
    confirmations?.close();
    await bed?.stop();
  }, 60000);

  it('relays each committed write once, marks its outbox row published, and audits it in commit order with a confirmation', async () => {
    const record = await createRecord(bed, 'PIPE-1', EDITOR);
    await renameRecord(bed, record.id, 'Renamed once', EDITOR);
    await renameRecord(bed, record.id, 'Renamed twice', EDITOR);
    await bed.ok('records.record.delete', { id: record.id }, ADMIN);

    const outbox = await eventually(async () => {
      const rows = await outboxOf(bed, [record.id]);
      expect(rows).toHaveLength(4);
      expect(rows.filter((row) => row.published_at === null)).toEqual([]);
      return rows;
    });
    const eventIds = outbox.map((row) => row.id);
    expect(outbox.map((row) => row.envelope.sequence)).toEqual([1, 2, 3, 4]);

    // In the stream once each, under Nats-Msg-Id = event id, on the event's subject, in outbox order.
    const inStream = (await streamMessages(bed)).filter((message) => message.event.aggregateId === record.id);
    expect(inStream.map((message) => message.msgId)).toEqual(eventIds);
    expect(inStream.map((message) => message.subject)).toEqual(outbox.map((row) => `${bed.prefix}.${row.type}`));

    await eventually(async () => expect(eventIds.filter((id) => !confirmations.has(id))).toEqual([]));
    const rows = await auditRowsOf(bed, [record.id]);
    expect(rows.map((row) => [row.sequence, row.action, row.user_id])).toEqual([
      [1, 'create', 'user-editor'],
      [2, 'update', 'user-editor'],
      [3, 'update', 'user-editor'],
      [4, 'delete', 'user-admin'],
    ]);
    expect(rows.map((row) => row.event_id)).toEqual(eventIds);
    // The confirmation names the entry the writer made.
    for (const row of rows) expect(confirmations.of(row.event_id).map((entry) => [entry.auditId, entry.entityId])).toContainEqual([row.id, record.id]);

    // Readable after the delete, oldest first on request, each update's old value the previous new value.
    const page = await bed.ok('audit.entry.list', { entityId: record.id, limit: 10, offset: 0, order: 'asc' });
    expect(page.total).toBe(4);
    expect(page.items.map((entry) => entry.action)).toEqual(['create', 'update', 'update', 'delete']);
    const names = page.items.map((entry) => entry.changes.find((change) => change.attributeAlias === 'product-name'));
    expect(names.map((change) => [change?.oldValue, change?.newValue])).toEqual([
      [null, 'Product PIPE-1'],
      ['Product PIPE-1', 'Renamed once'],
      ['Renamed once', 'Renamed twice'],
      ['Renamed twice', null],
    ]);
  });

  it('writes a redelivered event once: the same Nats-Msg-Id twice (stream dedupe) and a copy under another Nats-Msg-Id (consumer dedupe)', async () => {
    const event = syntheticEvent();
    const first = await publishEvent(bed, event);
    const again = await publishEvent(bed, event);
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, seq: first.seq });

    await eventually(async () => expect(confirmations.of(event.id)).toHaveLength(1));
    const [written] = await auditRowsForEvents(bed, [event.id]);
    expect(written).toMatchObject({ entity_id: event.aggregateId, sequence: 2, user_id: 'user-editor', action: 'update' });

    // What the consumer sees when the relay re-publishes after the duplicate window: a second stream message.
    const copy = await publishEvent(bed, event, `${event.id}:redelivered`);
    expect(copy.duplicate).toBe(false);
    expect(copy.seq).toBeGreaterThan(first.seq);

    // The copy is confirmed again (waiters may have missed the first), naming the same entry.
    await eventually(async () => expect(confirmations.of(event.id)).toHaveLength(2));
    expect(confirmations.of(event.id).map((entry) => entry.auditId)).toEqual([written.id, written.id]);
    expect(await auditRowsForEvents(bed, [event.id])).toEqual([written]);
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));

    const unknown = syntheticEvent().id;
    expect(await bed.ok('audit.entry.check-recorded', { eventIds: [event.id, unknown] })).toEqual({ recorded: [event.id] });
    expect(await bed.ok('audit.entry.check-recorded', { eventIds: [] })).toEqual({ recorded: [] });
  });

  it('writes one entry per event when an event and its copy arrive in the same batch', async () => {
    const events = Array.from({ length: 50 }, (_, index) => syntheticEvent({ sequence: index + 1 }));
    // All published before any is awaited: the consumer pulls them in one go, copies side by side.
    await Promise.all(events.flatMap((event) => [publishEvent(bed, event), publishEvent(bed, event, `${event.id}:copy`)]));

    const ids = events.map((event) => event.id);
    // Both copies delivered and acknowledged; a batch confirms each event id it holds once.
    await eventually(async () => expect(ids.filter((id) => !confirmations.has(id))).toEqual([]));
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));
    const rows = await auditRowsForEvents(bed, ids);
    expect(rows).toHaveLength(50);
    expect([...tally(rows, (row) => row.event_id).values()].every((count) => count === 1)).toBe(true);
    for (const row of rows) expect(new Set(confirmations.of(row.event_id).map((entry) => entry.auditId))).toEqual(new Set([row.id]));
    expect(await bed.ok('audit.entry.check-recorded', { eventIds: ids })).toEqual({ recorded: expect.arrayContaining(ids) });

    // The same through the writer directly, copies certainly in one statement: one row, both reported as recorded.
    const event = syntheticEvent();
    const writer = audit.app.get(AuditWriter);
    const recorded = await writer.write([toAuditRow(event)!, toAuditRow(event)!, toAuditRow(events[0])!]);
    const [row] = await auditRowsForEvents(bed, [event.id]);
    expect(await auditRowsForEvents(bed, [event.id])).toEqual([row]);
    expect(recorded).toEqual(
      expect.arrayContaining([
        { eventId: event.id, auditId: row.id, entityId: event.aggregateId },
        { eventId: events[0].id, auditId: confirmations.of(events[0].id)[0].auditId, entityId: events[0].aggregateId },
      ]),
    );
    expect(recorded).toHaveLength(2);

    // Two deliveries of one event written at the same moment (two audit replicas): one entry, both report it.
    for (let attempt = 0; attempt < 10; attempt++) {
      const raced = syntheticEvent();
      const [left, right] = await Promise.all([writer.write([toAuditRow(raced)!]), writer.write([toAuditRow(raced)!])]);
      const rowsOfRaced = await auditRowsForEvents(bed, [raced.id]);
      expect(rowsOfRaced).toHaveLength(1);
      expect([left, right]).toEqual([
        [{ eventId: raced.id, auditId: rowsOfRaced[0].id, entityId: raced.aggregateId }],
        [{ eventId: raced.id, auditId: rowsOfRaced[0].id, entityId: raced.aggregateId }],
      ]);
    }
  });

  it('redelivers an event whose write failed and then writes it once', async () => {
    // Make the audit write of one event fail until the test lets it through.
    await bed.pg.query(`
      CREATE TABLE audit.test_refused_event (event_id text PRIMARY KEY);
      CREATE FUNCTION audit.test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM audit.test_refused_event WHERE event_id = NEW.event_id) THEN
          RAISE EXCEPTION 'refused by the test: %', NEW.event_id;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_event BEFORE INSERT ON audit.audit_entry FOR EACH ROW EXECUTE FUNCTION audit.test_refuse_event();
    `);
    // TypeORM prints each refused statement; the test expects them.
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const event = syntheticEvent();
      await bed.pg.query('INSERT INTO audit.test_refused_event VALUES ($1)', [event.id]);
      const before = await auditConsumerState(bed);
      await publishEvent(bed, event);

      // Negatively acknowledged and delivered again (at least twice), still not written or confirmed.
      await eventually(async () => expect((await auditConsumerState(bed)).redelivered).toBeGreaterThan(before.redelivered), 15000);
      expect(await auditRowsForEvents(bed, [event.id])).toEqual([]);
      expect(confirmations.has(event.id)).toBe(false);
      expect(await bed.ok('audit.entry.check-recorded', { eventIds: [event.id] })).toEqual({ recorded: [] });

      await bed.pg.query('DELETE FROM audit.test_refused_event');
      await eventually(async () => expect(confirmations.of(event.id)).toHaveLength(1), 15000);
      expect(await auditRowsForEvents(bed, [event.id])).toHaveLength(1);
      await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));
    } finally {
      quiet.mockRestore();
      await bed.pg.query(`
        DROP TRIGGER test_refuse_event ON audit.audit_entry;
        DROP FUNCTION audit.test_refuse_event();
        DROP TABLE audit.test_refused_event;
      `);
    }
  });

  it('terminates a malformed event instead of redelivering it forever, and writes the events around it', async () => {
    // No sequence and no user: the writer could never store it, however often it came back.
    const malformed = { ...syntheticEvent(), sequence: undefined, userId: undefined } as unknown as ReturnType<typeof syntheticEvent>;
    const unknownType = syntheticEvent({ type: 'records.record.archived' });
    const good = Array.from({ length: 5 }, () => syntheticEvent());
    await Promise.all([publishEvent(bed, malformed), ...good.map((event) => publishEvent(bed, event))]);
    // A type outside the stream's subjects cannot even be published.
    await expect(publishEvent(bed, unknownType)).rejects.toThrow();

    await eventually(async () => expect(good.filter((event) => !confirmations.has(event.id))).toEqual([]), 10000);
    expect(await auditRowsForEvents(bed, good.map((event) => event.id))).toHaveLength(5);
    expect(await auditRowsForEvents(bed, [malformed.id])).toEqual([]);
    // Terminated, not left to redeliver forever.
    await eventually(async () => expect(await auditConsumerState(bed)).toMatchObject({ pending: 0, ackPending: 0 }));
  });
});
