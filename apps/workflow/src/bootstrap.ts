import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@sigma/config';
import { ContextLogger, enableGracefulShutdown } from '@sigma/messaging';
import { WorkflowModule } from './workflow.module';
import { WorkflowConfig } from './workflow.settings';

/** Starts the workflow service: workflow definitions, transitions and completeness, over NATS. */
export async function startWorkflowService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  const config = loadConfig('workflow', WorkflowConfig, env);
  const app = await NestFactory.createApplicationContext(WorkflowModule.forConfig(config), {
    logger: new ContextLogger('workflow', config.LOG_LEVEL, config.LOG_FORMAT),
  });
  enableGracefulShutdown(app);
  await app.init();
  return app;
}
