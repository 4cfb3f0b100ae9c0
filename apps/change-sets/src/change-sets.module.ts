import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, IdempotencyJanitor } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { ApplyService } from './apply/apply.service';
import { AuditConfirmations } from './apply/audit-confirmations';
import { ChangeSetStore } from './change-sets/change-set.store';
import { ChangeSetsService } from './change-sets/change-sets.service';
import { ChangeSetsHandler } from './change-sets.handler';
import { CHANGE_SETS_SETTINGS, type ChangeSetsConfig } from './change-sets.settings';
import { CHANGE_SETS_SCHEMA, changeSetsDataSourceOptions } from './database/data-source-options';
import { DemoLoader } from './demo/demo-loader';
import { FeedbackService } from './feedback/feedback.service';
import { ReviewService } from './review/review.service';

export { CHANGE_SETS_SCHEMA };

@Module({})
export class ChangeSetsModule {
  static forConfig(config: ChangeSetsConfig): DynamicModule {
    return {
      module: ChangeSetsModule,
      imports: [
        DatabaseModule.forRoot({ ...changeSetsDataSourceOptions(config), runMigrations: config.RUN_MIGRATIONS }),
        MessagingModule.forService('change-sets', config),
      ],
      providers: [
        { provide: CHANGE_SETS_SETTINGS, useValue: { loadDemoData: config.loadsDemoData } },
        ChangeSetStore,
        ChangeSetsService,
        ReviewService,
        FeedbackService,
        AuditConfirmations,
        ApplyService,
        ChangeSetsHandler,
        IdempotencyJanitor,
        DemoLoader,
      ],
    };
  }
}
