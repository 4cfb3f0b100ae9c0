import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { CompletenessService } from './completeness/completeness.service';
import { PlanCache } from '@sigma/completeness';
import { CompletenessPreviewService } from './completeness/preview.service';
import { CompletenessReportService } from './completeness/report.service';
import { WORKFLOW_SCHEMA, workflowDataSourceOptions } from './database/data-source-options';
import { DemoLoader } from './demo/demo-loader';
import { HealthHandler } from './health/health.handler';
import { TransitionsService } from './transitions/transitions.service';
import { WorkflowHandler } from './workflow.handler';
import { WORKFLOW_SETTINGS, type WorkflowConfig } from './workflow.settings';
import { CompletenessRulePush } from './workflows/completeness-rule-push';
import { WorkflowsService } from './workflows/workflows.service';

export { WORKFLOW_SCHEMA };

@Module({})
export class WorkflowModule {
  static forConfig(config: WorkflowConfig): DynamicModule {
    return {
      module: WorkflowModule,
      imports: [
        DatabaseModule.forRoot({ ...workflowDataSourceOptions(config), runMigrations: config.RUN_MIGRATIONS }),
        MessagingModule.forService('workflow', config),
      ],
      providers: [
        { provide: WORKFLOW_SETTINGS, useValue: { loadDemoData: config.loadsDemoData } },
        WorkflowsService,
        CompletenessRulePush,
        { provide: PlanCache, useFactory: () => new PlanCache() },
        CompletenessService,
        CompletenessReportService,
        CompletenessPreviewService,
        TransitionsService,
        WorkflowHandler,
        HealthHandler,
        DemoLoader,
      ],
    };
  }
}
