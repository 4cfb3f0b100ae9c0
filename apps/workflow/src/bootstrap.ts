import type { INestApplicationContext } from '@nestjs/common';
import { startNatsService } from '@sigma/messaging';
import { WorkflowModule } from './workflow.module';
import { WorkflowConfig } from './workflow.settings';

/** Starts the workflow service: workflow definitions, transitions and completeness, over NATS. */
export function startWorkflowService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  return startNatsService('workflow', WorkflowConfig, (config) => WorkflowModule.forConfig(config), env);
}
