import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { ApplyService } from './apply/apply.service';
import { AuditConfirmations } from './apply/audit-confirmations';
import { ChangeSetStore } from './change-sets/change-set.store';
import { ChangeSetsService } from './change-sets/change-sets.service';
import { ChangeSetsHandler } from './change-sets.handler';
import { CHANGE_SETS_SETTINGS, type ChangeSetsConfig } from './change-sets.settings';
import { CHANGE_SETS_ENTITIES } from './database/entities';
import { CHANGE_SETS_MIGRATIONS } from './database/migrations';
import { DemoLoader } from './demo/demo-loader';
import { FeedbackService } from './feedback/feedback.service';
import { ReviewService } from './review/review.service';

export const CHANGE_SETS_SCHEMA = 'change_sets';

@Module({})
export class ChangeSetsModule {
  static forConfig(config: ChangeSetsConfig): DynamicModule {
    return {
      module: ChangeSetsModule,
      imports: [
        DatabaseModule.forRoot({
          url: config.databaseUrl,
          schema: CHANGE_SETS_SCHEMA,
          entities: CHANGE_SETS_ENTITIES,
          migrations: CHANGE_SETS_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'sigma-change-sets',
        }),
        MessagingModule.forRoot({
          serviceName: 'change-sets',
          url: config.natsUrl,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          serve: true,
        }),
      ],
      providers: [
        { provide: CHANGE_SETS_SETTINGS, useValue: { loadDemoData: config.DEMO_DATA && !config.isProduction } },
        ChangeSetStore,
        ChangeSetsService,
        ReviewService,
        FeedbackService,
        AuditConfirmations,
        ApplyService,
        ChangeSetsHandler,
        DemoLoader,
      ],
    };
  }
}
