import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { AuditHandler } from './audit.handler';
import { AuditConfig } from './audit.settings';
import { RecordEventsConsumer } from './consumer/record-events.consumer';
import { AUDIT_MIGRATIONS } from './database/migrations';
import { AuditQueryService } from './entries/audit-query.service';
import { AuditWriter } from './entries/audit-writer';

export const AUDIT_SCHEMA = 'audit';

@Module({})
export class AuditModule {
  static forConfig(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        DatabaseModule.forRoot({
          url: config.databaseUrl,
          schema: AUDIT_SCHEMA,
          entities: [],
          migrations: AUDIT_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'sigma-audit',
        }),
        MessagingModule.forRoot({
          serviceName: 'audit',
          url: config.natsUrl,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          serve: true,
        }),
      ],
      providers: [AuditWriter, AuditQueryService, AuditHandler, RecordEventsConsumer],
    };
  }
}
