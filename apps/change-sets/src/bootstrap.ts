import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@sigma/config';
import { ContextLogger, enableGracefulShutdown } from '@sigma/messaging';
import { ChangeSetsModule } from './change-sets.module';
import { ChangeSetsConfig } from './change-sets.settings';

/** Starts the change-set service: the approval workflow and the crash-safe apply, over NATS. */
export async function startChangeSetsService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  const config = loadConfig('change-sets', ChangeSetsConfig, env);
  const app = await NestFactory.createApplicationContext(ChangeSetsModule.forConfig(config), {
    logger: new ContextLogger('change-sets', config.LOG_LEVEL, config.LOG_FORMAT),
  });
  enableGracefulShutdown(app);
  await app.init();
  return app;
}
