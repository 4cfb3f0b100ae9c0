import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@sigma/config';
import { ContextLogger, enableGracefulShutdown } from '@sigma/messaging';
import { AuditModule } from './audit.module';
import { AuditConfig } from './audit.settings';

/** Starts the audit service: consumes record events from JetStream and serves the trail over NATS. */
export async function startAuditService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  const config = loadConfig('audit', AuditConfig, env);
  const app = await NestFactory.createApplicationContext(AuditModule.forConfig(config), {
    logger: new ContextLogger('audit', config.LOG_LEVEL, config.LOG_FORMAT),
  });
  enableGracefulShutdown(app);
  await app.init();
  return app;
}
