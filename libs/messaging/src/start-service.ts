import 'reflect-metadata';
import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type BaseServiceConfig, loadConfig } from '@sigma/config';
import { ContextLogger } from './context-logger';
import { enableGracefulShutdown } from './observability/graceful-shutdown';

/**
 * Starts a NATS service (no HTTP of its own): validated config, the request-id logger, graceful
 * shutdown on SIGTERM. Every backend app's bootstrap is this call with its own module.
 */
export async function startNatsService<C extends BaseServiceConfig>(
  name: string,
  configClass: new () => C,
  module: (config: C) => DynamicModule,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplicationContext> {
  const config = loadConfig(name, configClass, env);
  const app = await NestFactory.createApplicationContext(module(config), {
    logger: new ContextLogger(name, config.LOG_LEVEL, config.LOG_FORMAT),
  });
  enableGracefulShutdown(app);
  await app.init();
  return app;
}
