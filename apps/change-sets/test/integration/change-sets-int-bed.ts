import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Actor, ChangeSetDto, RecordDto, RpcContext } from '@sigma/contracts';
import { openServiceDataSource } from '@sigma/db';
import { type MessagingOptions, RpcClient } from '@sigma/messaging';
import {
  createTestDatabase,
  deletePrefixStreams,
  type ServiceProcess,
  startServiceProcess,
  TEST_NATS_URL,
  type TestDatabase,
  uniqueSubjectPrefix,
} from '@sigma/testing';
import { ApplyLogRepository } from '../../src/apply/apply-log';
import { type ApplyPorts, natsApplyPorts } from '../../src/apply/apply-ports';
import { ApplyService, type ApplySettings } from '../../src/apply/apply.service';
import { AuditConfirmations } from '../../src/apply/audit-confirmations';
import { ChangeSetStore } from '../../src/change-sets/change-set.store';
import { ChangeSetsService } from '../../src/change-sets/change-sets.service';
import { OperationMatcher } from '../../src/change-sets/operation-matcher';
import { changeSetsDataSourceOptions } from '../../src/database/data-source-options';
import { ProposalChecks } from '../../src/review/proposal-checks';
import { ReviewService } from '../../src/review/review.service';

export const ADMIN: Actor = { userId: 'user-admin', roles: ['role-admin'] };
export const REVIEWER: Actor = { userId: 'user-reviewer', roles: ['role-reviewer'] };

/**
 * The middle tier of the change-set service: its domain services in-process, without HTTP or the
 * gateway, on a fresh database migrated with the change-sets migrations, beside the real records
 * and audit services running as processes on a NATS subject prefix of their own.
 */
export class ChangeSetsIntBed {
  private readonly services: ApplyService[] = [];
  private created = 0;

  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly dataSource: DataSource,
    readonly nats: NatsConnection,
    readonly rpc: RpcClient,
    readonly confirmations: AuditConfirmations,
    readonly log: ApplyLogRepository,
    readonly changeSets: ChangeSetsService,
    readonly review: ReviewService,
    /** The test's own connection to the database (every schema). */
    readonly pg: Client,
    private readonly processes: ServiceProcess[],
  ) {}

  /** With `records: false`, only the database (and a NATS connection): no other services. */
  static async start(label: string, options: { records?: boolean } = {}): Promise<ChangeSetsIntBed> {
    const database = await createTestDatabase(label);
    const prefix = uniqueSubjectPrefix(label);
    const processes: ServiceProcess[] = [];
    let dataSource: DataSource | undefined;
    let nats: NatsConnection | undefined;
    const pg = new Client({ connectionString: database.url });
    try {
      await pg.connect();
      if (options.records !== false) {
        const env = { NODE_ENV: 'test', DATABASE_URL: database.url, NATS_URL: TEST_NATS_URL, NATS_SUBJECT_PREFIX: prefix, LOG_LEVEL: 'error' };
        processes.push(...(await Promise.all([startServiceProcess('records', env), startServiceProcess('audit', env)])));
      }
      dataSource = await openServiceDataSource({ ...changeSetsDataSourceOptions({ databaseUrl: database.url }), applicationName: `${label}-int` }, true);
      nats = await connect({ servers: TEST_NATS_URL, name: `${label}-int` });
      const messaging: MessagingOptions = { serviceName: 'change-sets', url: TEST_NATS_URL, subjectPrefix: prefix, requestTimeoutMs: 10_000 };
      const rpc = new RpcClient(nats, messaging);
      const confirmations = new AuditConfirmations(nats, messaging, rpc);
      confirmations.onApplicationBootstrap();
      const log = new ApplyLogRepository(dataSource);
      const store = new ChangeSetStore(dataSource, log);
      const checks = new ProposalChecks(rpc);
      return new ChangeSetsIntBed(database, prefix, dataSource, nats, rpc, confirmations, log, new ChangeSetsService(store, rpc, checks, new OperationMatcher(checks)), new ReviewService(store, rpc, checks), pg, processes);
    } catch (error) {
      await Promise.allSettled(processes.map((service) => service.stop()));
      await Promise.allSettled([dataSource?.destroy(), nats?.close(), pg.end()]);
      await database.drop();
      throw error;
    }
  }

  /** The ports the real service uses: records and audit over NATS, progress published on NATS. */
  get ports(): ApplyPorts {
    return natsApplyPorts(this.rpc, this.confirmations, this.nats, this.prefix);
  }

  /** An apply service as one process of the change-set service would have it (closed by `stop`). */
  applyService(ports: ApplyPorts = this.ports, settings: Partial<ApplySettings> = {}): ApplyService {
    const service = new ApplyService(this.log, ports, { checkAfterMs: 200, ...settings });
    this.services.push(service);
    return service;
  }

  /** `n` schema-apparel records through the records service, SKUs `<tag>-1…`, material Cotton. */
  async createRecords(n: number, tag: string): Promise<RecordDto[]> {
    const records: RecordDto[] = [];
    for (let i = 0; i < n; i++) {
      const values = { sku: [{ scope: {}, value: `${tag}-${++this.created}` }], material: [{ scope: {}, value: 'Cotton' }] };
      records.push(await this.rpc.request('records.record.create', { schemaId: 'schema-apparel', values }, { context: this.context(ADMIN) }));
    }
    return records;
  }

  /** A submitted set updating each record's material (Cotton → Linen <n>, with oldValue). */
  async submittedMaterialSet(records: readonly RecordDto[], title: string): Promise<ChangeSetDto> {
    const { result: set } = await this.changeSets.create(
      {
        title,
        source: { type: 'integration', id: 'int-test', name: 'Integration test' },
        operations: records.map((record, i) => ({
          type: 'update',
          entityId: record.id,
          schemaId: 'schema-apparel',
          changes: [{ attributeAlias: 'material', oldValue: 'Cotton', newValue: `Linen ${i}` }],
        })),
      },
      this.context(ADMIN),
    );
    return this.review.submit(set.id, this.context(ADMIN));
  }

  context(actor: Actor = REVIEWER): RpcContext {
    return { requestId: `int-${Date.now()}`, actor };
  }

  async stop(): Promise<void> {
    const steps: (() => Promise<unknown>)[] = [
      ...this.services.map((service) => () => service.beforeApplicationShutdown()),
      async () => this.confirmations.onApplicationShutdown(),
      ...this.processes.map((service) => () => service.stop()),
      () => this.dataSource.destroy(),
      () => this.nats.close(),
      () => this.pg.end(),
      () => deletePrefixStreams(this.prefix),
      () => this.database.drop(),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((error: unknown) => failures.push(error));
    if (failures.length) throw failures[0];
  }
}
