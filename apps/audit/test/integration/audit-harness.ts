import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection, type PubAck, type Subscription } from 'nats';
import { Pool } from 'pg';
import {
  type Actor,
  AUDIT_RECORDED_SUBJECT,
  type AuditEntriesRecorded,
  Consumers,
  type EventEnvelope,
  generateId,
  IdPrefixes,
  type RecordChangedPayload,
  type RecordDto,
  RecordEvents,
  type RpcReplyEnvelope,
  type RpcRequest,
  type RpcRequestEnvelope,
  type RpcResponse,
  type Subject,
  Streams,
} from '@sigma/contracts';
import { decodeReply } from '@sigma/messaging';
import {
  createTestDatabase,
  deletePrefixStreams,
  type ServiceProcess,
  startServiceProcess,
  TEST_NATS_URL,
  type TestDatabase,
  uniqueSubjectPrefix,
} from '@sigma/testing';
import { startAuditService } from '../../src/bootstrap';

export const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
export const EDITOR: Actor = { userId: 'user-editor', roles: ['role-editor'] };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The audit service, in-process; `stop` is idempotent (a test may stop it before the bed does). */
export interface RunningApp {
  app: INestApplicationContext;
  stop(): Promise<void>;
}

/** A records service, as its own process (as `npm start` runs it, relay included). */
export interface RecordsProcess {
  service: ServiceProcess;
  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies wherever it is (mid-transaction, between publish and mark-sent, …). */
  crash(): Promise<void>;
}

export interface OutboxRow {
  position: string;
  id: string;
  type: string;
  aggregate_id: string;
  envelope: EventEnvelope<string, RecordChangedPayload>;
  published_at: Date | null;
}

export interface AuditRowRead {
  id: string;
  event_id: string;
  event_type: string;
  entity_id: string;
  sequence: number;
  user_id: string;
  action: string;
  changes: RecordChangedPayload['changes'];
}

export interface StreamMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  event: EventEnvelope<string, RecordChangedPayload>;
}

/** Collects `<prefix>.audit.entry.recorded` confirmations from the moment it is created. */
export class Confirmations {
  /** Every (eventId, auditId) pair confirmed, in arrival order; a redelivery confirms again. */
  readonly received: { eventId: string; auditId: string; entityId: string }[] = [];
  private readonly subscription: Subscription;

  constructor(nats: NatsConnection, prefix: string) {
    this.subscription = nats.subscribe(`${prefix}.${AUDIT_RECORDED_SUBJECT}`, {
      callback: (error, message) => {
        if (error) return;
        const confirmation = JSON.parse(decoder.decode(message.data)) as AuditEntriesRecorded;
        for (const entry of confirmation.entries) this.received.push(entry);
      },
    });
  }

  /** Confirmations received for one event id (one per delivery that reached the writer). */
  of(eventId: string): { eventId: string; auditId: string; entityId: string }[] {
    return this.received.filter((entry) => entry.eventId === eventId);
  }

  has(eventId: string): boolean {
    return this.received.some((entry) => entry.eventId === eventId);
  }

  /** The subscription is registered with the server once a flush returns. */
  ready(nats: NatsConnection): Promise<void> {
    return nats.flush();
  }

  close(): void {
    this.subscription.unsubscribe();
  }
}

export interface AuditTestBed {
  database: TestDatabase;
  prefix: string;
  nats: NatsConnection;
  /** Plain connection pool on the test database; name tables with their schema (`records.outbox`, `audit.audit_entry`). */
  pg: Pool;
  streamName: string;
  /** Starts a records service process on this database and prefix (relay on unless `OUTBOX_RELAY: 'false'`). */
  startRecords(env?: NodeJS.ProcessEnv): Promise<RecordsProcess>;
  startAudit(env?: NodeJS.ProcessEnv): Promise<RunningApp>;
  call<S extends Subject>(subject: S, data: RpcRequest<S>, actor?: Actor, timeoutMs?: number): Promise<RpcReplyEnvelope<RpcResponse<S>>>;
  ok<S extends Subject>(subject: S, data: RpcRequest<S>, actor?: Actor): Promise<RpcResponse<S>>;
  /** Closes every app still running, the connections, drops the database and deletes the prefix's streams. */
  stop(): Promise<void>;
}

/** A fresh database, a NATS subject prefix of its own and a NATS connection for one test file. */
export async function createAuditTestBed(label: string): Promise<AuditTestBed> {
  const database = await createTestDatabase(label);
  const prefix = uniqueSubjectPrefix(label);
  const nats = await connect({ servers: TEST_NATS_URL, name: `audit-it-${label}` });
  const pg = new Pool({ connectionString: database.url, max: 4 });
  const running: { stop(): Promise<void> }[] = [];
  let requestCounter = 0;

  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: prefix,
    LOG_LEVEL: 'error',
    ...extra,
  });

  const track = (app: INestApplicationContext): RunningApp => {
    let stopping: Promise<void> | undefined;
    const entry: RunningApp = {
      app,
      stop: () => (stopping ??= app.close()),
    };
    running.push(entry);
    return entry;
  };

  const startRecords = async (extra: NodeJS.ProcessEnv = {}): Promise<RecordsProcess> => {
    const service = await startServiceProcess('records', env(extra));
    const records: RecordsProcess = {
      service,
      stop: () => service.stop(),
      async crash() {
        if (service.child.exitCode !== null || service.child.signalCode !== null) return;
        const exited = new Promise((done) => service.child.once('exit', done));
        service.child.kill('SIGKILL');
        await exited;
      },
    };
    running.push(records);
    return records;
  };

  const call = async <S extends Subject>(subject: S, data: RpcRequest<S>, actor: Actor = ADMIN, timeoutMs = 15000) => {
    const envelope: RpcRequestEnvelope<RpcRequest<S>> = { context: { requestId: `ait-${label}-${++requestCounter}`, actor }, data };
    const reply = await nats.request(`${prefix}.${subject}`, encoder.encode(JSON.stringify(envelope)), { timeout: timeoutMs });
    return decodeReply<RpcResponse<S>>(reply);
  };

  let stopping: Promise<void> | undefined;
  return {
    database,
    prefix,
    nats,
    pg,
    streamName: `${prefix}_${Streams.recordEvents.name}`,
    startRecords,
    startAudit: async (extra = {}) => track(await startAuditService(env(extra))),
    call,
    async ok(subject, data, actor) {
      const reply = await call(subject, data, actor);
      if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
      return reply.data;
    },
    stop() {
      stopping ??= (async () => {
        const results = await Promise.allSettled([...running].reverse().map((entry) => entry.stop()));
        const cleanup = await Promise.allSettled([pg.end(), nats.close()]);
        const dropped = await Promise.allSettled([database.drop(), deletePrefixStreams(prefix)]);
        const failed = [...results, ...cleanup, ...dropped].find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return stopping;
    },
  };
}

/** A create request for the demo apparel schema. */
export function apparel(sku: string, name = `Product ${sku}`): RpcRequest<'records.record.create'> {
  return { schemaId: 'schema-apparel', values: { 'product-name': [{ scope: {}, value: name }], sku: [{ scope: {}, value: sku }] } };
}

export async function createRecord(bed: AuditTestBed, sku: string, actor: Actor = ADMIN): Promise<RecordDto> {
  return bed.ok('records.record.create', apparel(sku), actor);
}

export async function renameRecord(bed: AuditTestBed, id: string, name: string, actor: Actor = ADMIN): Promise<RecordDto> {
  return bed.ok('records.record.update', { id, values: { 'product-name': [{ scope: {}, value: name }] } }, actor);
}

export async function outboxOf(bed: AuditTestBed, aggregateIds?: readonly string[]): Promise<OutboxRow[]> {
  const { rows } = aggregateIds
    ? await bed.pg.query<OutboxRow>(
        'SELECT position, id, type, aggregate_id, envelope, published_at FROM records.outbox WHERE aggregate_id = ANY($1) ORDER BY position',
        [aggregateIds],
      )
    : await bed.pg.query<OutboxRow>('SELECT position, id, type, aggregate_id, envelope, published_at FROM records.outbox ORDER BY position');
  return rows;
}

export async function auditRowsOf(bed: AuditTestBed, entityIds: readonly string[]): Promise<AuditRowRead[]> {
  const { rows } = await bed.pg.query<AuditRowRead>(
    `SELECT id, event_id, event_type, entity_id, sequence, user_id, action, changes
     FROM audit.audit_entry WHERE entity_id = ANY($1) ORDER BY entity_id, sequence, recorded_at`,
    [entityIds],
  );
  return rows;
}

export async function auditRowsForEvents(bed: AuditTestBed, eventIds: readonly string[]): Promise<AuditRowRead[]> {
  const { rows } = await bed.pg.query<AuditRowRead>(
    `SELECT id, event_id, event_type, entity_id, sequence, user_id, action, changes
     FROM audit.audit_entry WHERE event_id = ANY($1) ORDER BY entity_id, sequence`,
    [eventIds],
  );
  return rows;
}

/** Publishes an event to the record-events stream as the relay does, with a chosen Nats-Msg-Id. */
export async function publishEvent(bed: AuditTestBed, event: EventEnvelope<string, unknown>, msgID = event.id): Promise<PubAck> {
  return bed.nats.jetstream().publish(`${bed.prefix}.${event.type}`, JSON.stringify(event), {
    msgID,
    expect: { streamName: bed.streamName },
  });
}

/** A record event as the records service would write it, for an entity the test invents. */
export function syntheticEvent(
  overrides: Partial<EventEnvelope<string, RecordChangedPayload>> = {},
): EventEnvelope<string, RecordChangedPayload> {
  return {
    id: generateId(IdPrefixes.event, 16),
    type: RecordEvents.updated,
    occurredAt: new Date().toISOString(),
    aggregateId: generateId(IdPrefixes.record, 10),
    sequence: 2,
    userId: 'user-editor',
    requestId: 'req-synthetic',
    payload: {
      schemaId: 'schema-apparel',
      changes: [{ attributeAlias: 'product-name', scope: {}, oldValue: 'Old', newValue: 'New' }],
    },
    ...overrides,
  };
}

/** Every message the stream holds, in stream order. */
export async function streamMessages(bed: AuditTestBed): Promise<StreamMessage[]> {
  const jsm = await bed.nats.jetstreamManager();
  const info = await jsm.streams.info(bed.streamName);
  const out: StreamMessage[] = [];
  if (info.state.messages === 0) return out;
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const stored = await jsm.streams.getMessage(bed.streamName, { seq });
    out.push({
      seq: stored.seq,
      subject: stored.subject,
      msgId: stored.header?.get('Nats-Msg-Id') || undefined,
      event: stored.json<EventEnvelope<string, RecordChangedPayload>>(),
    });
  }
  return out;
}

/** The audit consumer's view of the stream: nothing waiting, nothing unacknowledged. */
export async function auditConsumerState(bed: AuditTestBed): Promise<{ pending: number; ackPending: number; redelivered: number }> {
  const jsm = await bed.nats.jetstreamManager();
  const info = await jsm.consumers.info(bed.streamName, Consumers.audit);
  return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Counts per key. */
export function tally<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Groups by key, keeping order within each group. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * The stream holds each outbox event once, under its own Nats-Msg-Id, and each record's events in
 * commit (outbox) order. Across records the stream may differ from outbox order: a transaction
 * that took an earlier position can commit, and be relayed, after a later one.
 */
export function expectEachOnceInRecordOrder(messages: readonly StreamMessage[], outbox: readonly OutboxRow[]): void {
  expect(messages.map((message) => message.msgId).sort()).toEqual(outbox.map((row) => row.id).sort());
  const published = groupBy(messages, (message) => message.event.aggregateId);
  for (const [id, rows] of groupBy(outbox, (row) => row.aggregate_id))
    expect({ id, order: published.get(id)?.map((message) => message.event.id) }).toEqual({ id, order: rows.map((row) => row.id) });
}
