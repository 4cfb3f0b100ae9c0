import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { AuditHandler } from './audit.handler';
import { AuditConfig } from './audit.settings';
import { ConsumerLagMetric } from './consumer/consumer-lag.metric';
import { RecordEventsConsumer } from './consumer/record-events.consumer';
import { AUDIT_SCHEMA, auditDataSourceOptions } from './database/data-source-options';
import { AuditQueryService } from './entries/audit-query.service';
import { AuditWriter } from './entries/audit-writer';
import { LatestEntryWaiter } from './entries/latest-entry';
import { EventFeed } from './feed/event-feed';

export { AUDIT_SCHEMA };

@Module({})
export class AuditModule {
  static forConfig(config: AuditConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        DatabaseModule.forRoot({ ...auditDataSourceOptions(config), runMigrations: config.RUN_MIGRATIONS }),
        MessagingModule.forService('audit', config),
      ],
      providers: [AuditWriter, AuditQueryService, LatestEntryWaiter, EventFeed, AuditHandler, RecordEventsConsumer, ConsumerLagMetric],
    };
  }
}
