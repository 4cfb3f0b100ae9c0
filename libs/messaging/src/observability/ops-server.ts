import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from '../tokens';
import { metricsRegistry } from './metrics';

const CHECK_TIMEOUT_MS = 2000;

type Check = { status: 'up' | 'down'; error?: string };

/**
 * A NATS service's small HTTP port (METRICS_PORT) for the platform, not for clients:
 *   GET /metrics  Prometheus text (RPC latency by subject, outbox backlog, consumer lag, process)
 *   GET /health   liveness: the process and its event loop answer
 *   GET /ready    readiness: PostgreSQL answers and NATS is connected; 503 once shutdown began
 * Chosen over a `<service>.metrics.get` subject because a queue-group request reaches one
 * replica at random, while Prometheus and kubelet probes need every pod by address.
 */
@Injectable()
export class OpsServer implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('OpsServer');
  private server?: Server;
  private stopping = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Optional() private readonly dataSource?: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => void this.route(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.metricsPort, this.options.metricsHost ?? '0.0.0.0', resolve);
    });
    this.server = server;
    const address = server.address();
    this.logger.log(`Metrics and probes on port ${typeof address === 'object' && address ? address.port : this.options.metricsPort}`);
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method !== 'GET') return send(response, 405, { error: 'GET only' });
      if (path === '/metrics') return send(response, 200, await metricsRegistry.metrics(), metricsRegistry.contentType);
      if (path === '/health') return send(response, 200, { status: 'up', service: this.options.serviceName });
      if (path === '/ready') {
        const checks = await this.readiness();
        const up = Object.values(checks).every((check) => check.status === 'up');
        return send(response, up ? 200 : 503, { status: up ? 'up' : 'down', service: this.options.serviceName, checks });
      }
      send(response, 404, { error: 'not found' });
    } catch (error) {
      send(response, 500, { error: (error as Error).message });
    }
  }

  private async readiness(): Promise<Record<string, Check>> {
    const checks: Record<string, Check> = {
      shutdown: this.stopping ? { status: 'down', error: 'shutting down' } : { status: 'up' },
      nats: this.nats.isClosed() ? { status: 'down', error: 'connection closed' } : { status: 'up' },
    };
    if (this.dataSource) checks.postgres = await checkPostgres(this.dataSource);
    return checks;
  }
}

async function checkPostgres(dataSource: DataSource): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    await Promise.race([dataSource.query('SELECT 1'), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function send(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}
