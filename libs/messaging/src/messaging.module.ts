import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { connect, type NatsConnection } from 'nats';
import type { BaseServiceConfig } from '@sigma/config';
import { natsConnectOptions } from './nats-url';
import { OpsServer } from './observability/ops-server';
import { RpcClient } from './rpc-client';
import { RpcServer } from './rpc-server';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';

@Global()
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');

  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  /**
   * `serve: true` for services that answer requests; the gateway only sends them.
   * `metricsPort` (services) adds the ops HTTP port: /metrics, /health, /ready.
   */
  /** The messaging of a service from its validated config; `serve: false` for the gateway, which only sends. */
  static forService(serviceName: string, config: BaseServiceConfig, serve = true): DynamicModule {
    return MessagingModule.forRoot({
      serviceName,
      url: config.natsUrl,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
      eventRetentionMs: config.eventRetentionMs,
      streamReplicas: config.NATS_STREAM_REPLICAS,
      serve,
      ...(serve && { metricsPort: config.METRICS_PORT }),
    });
  }

  static forRoot(options: MessagingOptions & { serve: boolean }): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connect({
              ...natsConnectOptions(options.url),
              name: options.serviceName,
              maxReconnectAttempts: -1,
              // A restarted NATS is back within a second or two; the 2 s default wait would add to every outage.
              reconnectTimeWait: 250,
              reconnectJitter: 100,
              // Otherwise every request builds an Error (and a NatsError for its timer) up front for
              // its stack: ~4% of the gateway's CPU per request. RpcClient maps NATS errors to
              // DomainErrors naming subject and service, so those stacks were never shown.
              noAsyncTraces: true,
            }),
        },
        RpcClient,
        ...(options.serve ? [RpcServer] : []),
        ...(options.serve && options.metricsPort !== undefined ? [OpsServer] : []),
      ],
      exports: [RpcClient, NATS_CONNECTION, MESSAGING_OPTIONS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    // Drain lets in-flight replies go out before the connection closes.
    await this.nats.drain().catch((error: Error) => this.logger.warn(`NATS drain failed: ${error.message}`));
  }
}
