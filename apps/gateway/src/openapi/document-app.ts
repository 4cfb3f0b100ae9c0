import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@sigma/config';
import { API_PREFIX } from '../api-prefix';
import { GatewayConfig } from '../gateway.config';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument } from './openapi';

/**
 * The OpenAPI document without a running system: the gateway module in Nest's preview mode
 * builds its graph without instantiating providers, so nothing connects to NATS. Used by
 * `npm run sdk:generate` and the document's tests; identical to what the gateway serves.
 */
export async function buildDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig('gateway', GatewayConfig, { NODE_ENV: 'development' });
  const app = await NestFactory.create(GatewayModule.forConfig(config), new FastifyAdapter(), { preview: true, logger: false });
  try {
    app.setGlobalPrefix(API_PREFIX);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
