import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { Actor, RpcReplyEnvelope, RpcRequest, RpcResponse, Subject } from '@sigma/contracts';
import { decodeReply } from '@sigma/messaging';
import { createTestDatabase, type ServiceProcess, startServiceProcess, TEST_NATS_URL, type TestDatabase, uniqueSubjectPrefix } from '@sigma/testing';
import { startWorkflowService } from '../../src/bootstrap';

export const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
export const EDITOR: Actor = { userId: 'user-editor', roles: ['role-editor'] };
export const VIEWER: Actor = { userId: 'user-viewer', roles: ['role-viewer'] };

export type Reply<S extends Subject> = RpcReplyEnvelope<RpcResponse<S>>;

const encoder = new TextEncoder();

/**
 * The workflow service in-process beside a real records service process, on a fresh database and
 * subject prefix, with a NATS connection and a PostgreSQL client for the test. Extra databases,
 * prefixes and workflow instances made through it are cleaned up by `stop`.
 */
export class WorkflowIntBed {
  private readonly apps: INestApplicationContext[] = [];
  private readonly processes: ServiceProcess[] = [];
  private readonly databases: TestDatabase[] = [];
  private readonly prefixes: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly nats: NatsConnection,
    readonly db: Client,
  ) {}

  static async start(): Promise<WorkflowIntBed> {
    const database = await createTestDatabase('wfint');
    const prefix = uniqueSubjectPrefix('wfint');
    const nats = await connect({ servers: TEST_NATS_URL, name: 'workflow-int-spec' });
    const db = new Client({ connectionString: database.url });
    const bed = new WorkflowIntBed(database, prefix, nats, db);
    bed.databases.push(database);
    bed.prefixes.push(prefix);
    await db.connect();
    // The records service runs beside the workflow service as its own process, as in production.
    bed.processes.push(await startServiceProcess('records', { ...bed.serviceEnv(database.url, prefix), OUTBOX_RELAY: 'false' }));
    await bed.startWorkflow(bed.serviceEnv(database.url, prefix));
    return bed;
  }

  serviceEnv(url: string, subjectPrefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return { NODE_ENV: 'test', DATABASE_URL: url, NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: subjectPrefix, LOG_LEVEL: 'error', ...extra };
  }

  /** Starts one more workflow service; `stop` closes it unless `close` did already. */
  async startWorkflow(env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
    const app = await startWorkflowService(env);
    this.apps.push(app);
    return app;
  }

  async close(app: INestApplicationContext): Promise<void> {
    await app.close();
    this.apps.splice(this.apps.indexOf(app), 1);
  }

  async freshDatabase(label: string): Promise<TestDatabase> {
    const created = await createTestDatabase(label);
    this.databases.push(created);
    return created;
  }

  freshPrefix(label: string): string {
    const created = uniqueSubjectPrefix(label);
    this.prefixes.push(created);
    return created;
  }

  /** One request over NATS with the envelope every service speaks; the raw reply envelope comes back. */
  async call<S extends Subject>(subject: S, data: RpcRequest<S>, actor?: Actor, options: { requestId?: string; subjectPrefix?: string } = {}): Promise<Reply<S>> {
    const envelope = { context: { requestId: options.requestId ?? `int-${randomUUID()}`, ...(actor && { actor }) }, data };
    const reply = await this.nats.request(`${options.subjectPrefix ?? this.prefix}.${subject}`, encoder.encode(JSON.stringify(envelope)), { timeout: 10000 });
    return decodeReply<RpcResponse<S>>(reply);
  }

  async ok<S extends Subject>(subject: S, data: RpcRequest<S>, actor?: Actor): Promise<RpcResponse<S>> {
    const reply = await this.call(subject, data, actor);
    expect({ subject, reply }).toMatchObject({ reply: { ok: true } });
    return (reply as { ok: true; data: RpcResponse<S> }).data;
  }

  errorOf(reply: Reply<Subject>): { code: string; message: string; details?: any } {
    expect(reply).toMatchObject({ ok: false });
    return (reply as { ok: false; error: { code: string; message: string; details?: unknown } }).error;
  }

  /** Closes everything it started, deletes the streams of its prefixes and drops its databases; the first failure is rethrown after all steps ran. */
  async stop(): Promise<void> {
    const problems: unknown[] = [];
    const attempt = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        problems.push(error);
      }
    };
    for (const app of this.apps.reverse()) await attempt(() => app.close());
    for (const service of this.processes) await attempt(() => service.stop());
    await attempt(() => this.db.end());
    await attempt(async () => {
      const jsm = await this.nats.jetstreamManager();
      const names: string[] = [];
      for await (const name of jsm.streams.names()) names.push(name);
      for (const name of names.filter((candidate) => this.prefixes.some((used) => candidate.startsWith(`${used}_`)))) await jsm.streams.delete(name);
    });
    await attempt(() => this.nats.close());
    for (const created of this.databases) await attempt(() => created.drop());
    if (problems.length) throw problems[0];
  }
}
