import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, IdempotencyJanitor } from '@sigma/db';
import { Streams } from '@sigma/contracts';
import { MessagingModule, OUTBOX_RELAY_OPTIONS, OutboxRelayHost } from '@sigma/messaging';
import { ChangeSetOperationsHandler } from './change-set-operations/change-set-operations.handler';
import { OperationApplierService } from './change-set-operations/operation-applier.service';
import { ProposalChecksService } from './change-set-operations/proposal-checks.service';
import { RecordSummariesService } from './change-set-operations/record-summaries';
import { CompletenessHandler } from './completeness/completeness.handler';
import { CompletenessRescorer } from './completeness/completeness-rescorer';
import { CompletenessReportService } from './completeness/completeness-report.service';
import { CompletenessRulesService } from './completeness/completeness-rules.service';
import { CompletenessScorer } from './completeness/completeness-scorer';
import { RECORDS_SCHEMA, recordsDataSourceOptions } from './database/data-source-options';
import { DemoLoader } from './demo/demo-loader';
import { HealthHandler } from './health/health.handler';
import { OutboxBacklogMetric } from './health/outbox-backlog.metric';
import { RecordSearch } from './records/search/record-search';
import { RecordWriter } from './records/writer/record-writer';
import { RecordPagesService } from './records/record-pages';
import { RecordPagesHandler } from './records/record-pages.handler';
import { RecordValuesByIdService } from './records/record-values-by-id';
import { RecordsBySkuService } from './records/records-by-sku';
import { RecordsHandler } from './records/records.handler';
import { RecordsService } from './records/records.service';
import { BulkUpsertService } from './records/bulk/bulk-upsert.service';
import { RECORDS_SETTINGS, type RecordsConfig, recordsSettings } from './records.settings';
import { CATALOG_PROVIDERS } from './catalogs/catalogs.providers';
import { ApiKeysService } from './workspace/credentials/api-keys.service';
import { CredentialsHandler } from './workspace/credentials/credentials.handler';
import { RefreshTokensService } from './workspace/credentials/refresh-tokens.service';
import { LoginThrottleStore } from './workspace/users/login-throttle.store';
import { UsersHandler } from './workspace/users/users.handler';
import { UsersService } from './workspace/users/users.service';
import { DimensionsService } from './workspace/dimensions/dimensions.service';
import { SchemasService } from './workspace/schemas/schemas.service';
import { WorkspaceReadHandler } from './workspace/workspace.handler';
import { WorkspaceWriteHandler } from './workspace/workspace-write.handler';
import { WorkspaceReader } from './workspace/workspace-reader';

export { RECORDS_SCHEMA };

@Module({})
export class RecordsModule {
  static forConfig(config: RecordsConfig): DynamicModule {
    return {
      module: RecordsModule,
      imports: [
        DatabaseModule.forRoot({ ...recordsDataSourceOptions(config), runMigrations: config.RUN_MIGRATIONS }),
        MessagingModule.forService('records', config),
      ],
      providers: [
        { provide: RECORDS_SETTINGS, useValue: recordsSettings(config) },
        {
          provide: OUTBOX_RELAY_OPTIONS,
          useValue: {
            schema: RECORDS_SCHEMA,
            databaseUrl: config.databaseUrl,
            subjectPrefix: config.NATS_SUBJECT_PREFIX,
            stream: Streams.recordEvents,
            eventRetentionMs: config.eventRetentionMs,
            streamReplicas: config.NATS_STREAM_REPLICAS,
          },
        },
        ...(config.OUTBOX_RELAY ? [OutboxRelayHost] : []),
        WorkspaceReader,
        WorkspaceReadHandler,
        DimensionsService,
        SchemasService,
        WorkspaceWriteHandler,
        RecordsService,
        BulkUpsertService,
        CompletenessScorer,
        CompletenessRescorer,
        CompletenessRulesService,
        CompletenessReportService,
        CompletenessHandler,
        RecordWriter,
        RecordSearch,
        OperationApplierService,
        RecordSummariesService,
        ProposalChecksService,
        ChangeSetOperationsHandler,
        RecordsHandler,
        RecordPagesService,
        RecordValuesByIdService,
        RecordPagesHandler,
        RecordsBySkuService,
        LoginThrottleStore,
        UsersService,
        UsersHandler,
        RefreshTokensService,
        ApiKeysService,
        CredentialsHandler,
        HealthHandler,
        IdempotencyJanitor,
        OutboxBacklogMetric,
        ...CATALOG_PROVIDERS,
        DemoLoader,
      ],
    };
  }
}
