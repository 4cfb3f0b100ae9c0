import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, IdempotencyJanitor } from '@sigma/db';
import { MESSAGING_OPTIONS, type MessagingOptions, MessagingModule, NATS_CONNECTION, RpcClient } from '@sigma/messaging';
import type { NatsConnection } from 'nats';
import { APPLY_LOG, ApplyLogRepository } from './apply/apply-log';
import { APPLY_PORTS, natsApplyPorts } from './apply/apply-ports';
import { APPLY_SETTINGS, ApplyService } from './apply/apply.service';
import { AuditConfirmations } from './apply/audit-confirmations';
import { ChangeSetStore } from './change-sets/change-set.store';
import { ChangeSetsService } from './change-sets/change-sets.service';
import { OperationMatcher } from './change-sets/operation-matcher';
import { ChangeSetsHandler } from './change-sets.handler';
import { CompletenessPreviewHandler } from './completeness-preview/completeness-preview.handler';
import { CompletenessPreviewService } from './completeness-preview/completeness-preview.service';
import { CHANGE_SETS_SETTINGS, type ChangeSetsConfig } from './change-sets.settings';
import { CHANGE_SETS_SCHEMA, changeSetsDataSourceOptions } from './database/data-source-options';
import { DemoLoader } from './demo/demo-loader';
import { FeedbackService } from './feedback/feedback.service';
import { BulkDecisionsService } from './review/bulk-decisions.service';
import { ImportStore } from './imports/import-store';
import { ImportsHandler } from './imports/imports.handler';
import { ImportsService } from './imports/imports.service';
import { ProposalChecks } from './review/proposal-checks';
import { ReviewService } from './review/review.service';
import { RevertHandler } from './revert/revert.handler';
import { InsightsHandler } from './insights/insights.handler';
import { InsightsService } from './insights/insights.service';
import { RevertService } from './revert/revert.service';
import { RevisionsService } from './revisions/revisions.service';

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
        ProposalChecks,
        OperationMatcher,
        BulkDecisionsService,
        FeedbackService,
        RevisionsService,
        AuditConfirmations,
        { provide: APPLY_LOG, useClass: ApplyLogRepository },
        {
          provide: APPLY_PORTS,
          useFactory: (rpc: RpcClient, audit: AuditConfirmations, nats: NatsConnection, options: MessagingOptions) =>
            natsApplyPorts(rpc, audit, nats, options.subjectPrefix),
          inject: [RpcClient, AuditConfirmations, NATS_CONNECTION, MESSAGING_OPTIONS],
        },
        { provide: APPLY_SETTINGS, useValue: { waitMs: config.APPLY_QUICK_ANSWER_MS } },
        ApplyService,
        ChangeSetsHandler,
        CompletenessPreviewService,
        CompletenessPreviewHandler,
        ImportStore,
        ImportsService,
        ImportsHandler,
        RevertService,
        RevertHandler,
        InsightsService,
        InsightsHandler,
        IdempotencyJanitor,
        DemoLoader,
      ],
    };
  }
}
