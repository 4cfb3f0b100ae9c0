import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@sigma/config';
import { ContextLogger, enableGracefulShutdown } from '@sigma/messaging';
import { RecordsModule } from './records.module';
import { RecordsConfig } from './records.settings';

/** Starts the records service: a NATS responder with no HTTP of its own. */
export async function startRecordsService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  const config = loadConfig('records', RecordsConfig, env);
  const app = await NestFactory.createApplicationContext(RecordsModule.forConfig(config), {
    logger: new ContextLogger('records', config.LOG_LEVEL, config.LOG_FORMAT),
  });
  enableGracefulShutdown(app);
  await app.init();
  return app;
}
