import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@sigma/config';
import { ContextLogger, enableGracefulShutdown } from '@sigma/messaging';
import { API_PREFIX } from './api-prefix';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { corsOptions } from './http/cors';
import { useImportBodies, useJsonBodies, useNdjsonBodies } from './http/json-bodies';
import { registerResponseHeaders } from './http/response-headers';
import { registerHttpObservability } from './observability/http-observability';
import { setupOpenApi } from './openapi/openapi';
import { registerRequestContext } from './request-context/request-context.hook';
import { registerRequestIdHeader, requestIdFrom } from './request-context/request-id';
import { RecordReads } from './records/read-cache/record-reads';
import { registerRecordWriteInvalidation } from './records/read-cache/write-invalidation';
import { registerConnectionDraining } from './shutdown/connection-draining';
import { registerBodyShapeChecks } from './validation/body-shape';
import { createValidationPipe } from './validation/validation.pipe';
import { registerWebApp } from './web-app/web-app';

export { API_PREFIX };

/** Builds and starts the HTTP gateway; `listen: false` leaves it to the caller (tests use an ephemeral port). */
export async function startGateway(env: NodeJS.ProcessEnv = process.env): Promise<NestFastifyApplication> {
  const config = loadConfig('gateway', GatewayConfig, env);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(request.headers),
    trustProxy: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forConfig(config), adapter, {
    logger: new ContextLogger('gateway', config.LOG_LEVEL, config.LOG_FORMAT),
    bodyParser: false,
  });
  useJsonBodies(app, config.BODY_LIMIT_BYTES);
  useNdjsonBodies(app);
  useImportBodies(app);
  registerRequestIdHeader(app.getHttpAdapter().getInstance());
  registerRequestContext(app.getHttpAdapter().getInstance());
  // The access line is logged at debug level; below that, skip building it for every request.
  registerHttpObservability(app.getHttpAdapter().getInstance(), config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'verbose');
  registerBodyShapeChecks(app.getHttpAdapter().getInstance());
  registerConnectionDraining(app.getHttpAdapter().getInstance());
  registerRecordWriteInvalidation(app.getHttpAdapter().getInstance(), app.get(RecordReads));
  registerResponseHeaders(app.getHttpAdapter().getInstance());
  if (config.corsOrigins.length > 0) app.enableCors(corsOptions(config.corsOrigins));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  enableGracefulShutdown(app);
  setupOpenApi(app);
  registerWebApp(app);
  await app.listen(config.PORT, config.HOST);
  return app;
}
