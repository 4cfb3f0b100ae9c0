import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { CompletenessService } from './completeness/completeness.service';
import { WORKFLOW_MIGRATIONS } from './database/migrations';
import { WorkflowEntity } from './database/workflow.entity';
import { DemoLoader } from './demo/demo-loader';
import { HealthHandler } from './health/health.handler';
import { TransitionsService } from './transitions/transitions.service';
import { WorkflowHandler } from './workflow.handler';
import { WORKFLOW_SETTINGS, type WorkflowConfig } from './workflow.settings';
import { WorkflowsService } from './workflows/workflows.service';

export const WORKFLOW_SCHEMA = 'workflow';

@Module({})
export class WorkflowModule {
  static forConfig(config: WorkflowConfig): DynamicModule {
    return {
      module: WorkflowModule,
      imports: [
        DatabaseModule.forRoot({
          url: config.databaseUrl,
          schema: WORKFLOW_SCHEMA,
          entities: [WorkflowEntity],
          migrations: WORKFLOW_MIGRATIONS,
          runMigrations: config.RUN_MIGRATIONS,
          poolSize: config.DB_POOL_SIZE,
          applicationName: 'sigma-workflow',
        }),
        MessagingModule.forRoot({
          serviceName: 'workflow',
          url: config.natsUrl,
          subjectPrefix: config.NATS_SUBJECT_PREFIX,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          serve: true,
        }),
      ],
      providers: [
        { provide: WORKFLOW_SETTINGS, useValue: { loadDemoData: config.DEMO_DATA && !config.isProduction } },
        WorkflowsService,
        CompletenessService,
        TransitionsService,
        WorkflowHandler,
        HealthHandler,
        DemoLoader,
      ],
    };
  }
}
