import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Pool } from 'pg';
import type { Actor, RpcReplyEnvelope, RpcRequest, RpcRequestEnvelope, RpcResponse, Subject } from '@sigma/contracts';
import { decodeReply } from '@sigma/messaging';
import { createTestDatabase, TEST_NATS_URL, type TestDatabase, uniqueSubjectPrefix } from '@sigma/testing';
import { startRecordsService } from '../../src/bootstrap';

export const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
export const EDITOR: Actor = { userId: 'user-editor', roles: ['role-editor'] };

const encoder = new TextEncoder();

export type ErrorReply = { code: string; message: string; details?: unknown };

/** Raw NATS request/reply against one records deployment (its subject prefix), as the gateway speaks it. */
export class RecordsRpc {
  private sequence = 0;

  constructor(
    readonly nats: NatsConnection,
    readonly prefix: string,
    private readonly timeoutMs = 15000,
  ) {}

  /** The reply envelope as it came over the wire. */
  async call<S extends Subject>(
    subject: S,
    data: RpcRequest<S>,
    options: { actor?: Actor; requestId?: string } = {},
  ): Promise<RpcReplyEnvelope<RpcResponse<S>>> {
    const envelope: RpcRequestEnvelope<RpcRequest<S>> = {
      context: { requestId: options.requestId ?? `it-${process.pid}-${++this.sequence}`, actor: options.actor ?? ADMIN },
      data,
    };
    const reply = await this.nats.request(`${this.prefix}.${subject}`, encoder.encode(JSON.stringify(envelope)), { timeout: this.timeoutMs });
    return decodeReply<RpcResponse<S>>(reply);
  }

  /** The data of a successful reply; fails the test with the error otherwise. */
  async ok<S extends Subject>(subject: S, data: RpcRequest<S>, options?: { actor?: Actor; requestId?: string }): Promise<RpcResponse<S>> {
    const reply = await this.call(subject, data, options);
    if (!reply.ok) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /** The error of a failed reply; fails the test if the call succeeded. */
  async fail<S extends Subject>(subject: S, data: RpcRequest<S>, options?: { actor?: Actor; requestId?: string }): Promise<ErrorReply> {
    const reply = await this.call(subject, data, options);
    if (reply.ok) throw new Error(`${subject} succeeded but was expected to fail: ${JSON.stringify(reply.data)}`);
    return reply.error;
  }
}

export interface RecordsInstance {
  app: INestApplicationContext;
  prefix: string;
  rpc: RecordsRpc;
  stop(): Promise<void>;
}

export interface RecordsTestBed {
  database: TestDatabase;
  /** Queries the service's own schema (`records`) directly. */
  pg: Pool;
  nats: NatsConnection;
  instances: RecordsInstance[];
  /** Starts one more records service on this database, with its own subject prefix unless given. */
  start(env?: NodeJS.ProcessEnv, prefix?: string): Promise<RecordsInstance>;
  stop(): Promise<void>;
}

/**
 * A fresh database and a NATS connection for one test file, and records services started
 * in-process against them. `stop` closes every service, then drops the database.
 */
export async function createRecordsTestBed(label: string): Promise<RecordsTestBed> {
  const database = await createTestDatabase(label);
  const nats = await connect({ servers: TEST_NATS_URL, name: `records-it-${label}` });
  const pg = new Pool({ connectionString: database.url, max: 4, options: '-c search_path=records' });
  const instances: RecordsInstance[] = [];
  let stopping: Promise<void> | undefined;

  const start = async (env: NodeJS.ProcessEnv = {}, prefix = uniqueSubjectPrefix('rit')): Promise<RecordsInstance> => {
    const app = await startRecordsService({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      NATS_URL: TEST_NATS_URL,
      NATS_SUBJECT_PREFIX: prefix,
      LOG_LEVEL: 'error',
      // No JetStream publishing: these tests read the outbox table itself and leave no streams behind.
      OUTBOX_RELAY: 'false',
      ...env,
    });
    let stopped = false;
    const instance: RecordsInstance = {
      app,
      prefix,
      rpc: new RecordsRpc(nats, prefix),
      async stop() {
        if (stopped) return;
        stopped = true;
        await app.close();
      },
    };
    instances.push(instance);
    return instance;
  };

  return {
    database,
    pg,
    nats,
    instances,
    start,
    /** Idempotent: stops every service, closes the connections and drops the database. */
    stop() {
      stopping ??= (async () => {
        const results = await Promise.allSettled(instances.map((instance) => instance.stop()));
        await Promise.allSettled([pg.end(), nats.close()]);
        await database.drop();
        const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return stopping;
    },
  };
}

export interface OutboxRow {
  position: string;
  id: string;
  type: string;
  aggregate_id: string;
  envelope: {
    id: string;
    type: string;
    aggregateId: string;
    sequence: number;
    userId: string;
    requestId?: string;
    occurredAt: string;
    payload: { schemaId: string; changes: { attributeAlias: string; scope: Record<string, string>; oldValue: unknown; newValue: unknown }[]; record?: unknown };
  };
  xmin: string;
}

export async function outboxRows(pg: Pool, aggregateId?: string): Promise<OutboxRow[]> {
  const { rows } = aggregateId
    ? await pg.query<OutboxRow>('SELECT position, id, type, aggregate_id, envelope, xmin::text AS xmin FROM outbox WHERE aggregate_id = $1 ORDER BY position', [aggregateId])
    : await pg.query<OutboxRow>('SELECT position, id, type, aggregate_id, envelope, xmin::text AS xmin FROM outbox ORDER BY position');
  return rows;
}

export async function count(pg: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) AS counted`, params);
  return rows[0].n;
}

/** A request body for the demo schema with a given sku. */
export function apparel(sku: string, name = `Product ${sku}`, parentId?: string): RpcRequest<'records.record.create'> {
  return {
    schemaId: 'schema-apparel',
    values: { 'product-name': [{ scope: {}, value: name }], sku: [{ scope: {}, value: sku }] },
    ...(parentId && { parentId }),
  };
}
