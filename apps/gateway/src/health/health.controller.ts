import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { NatsConnection } from 'nats';
import type { ServiceHealth } from '@sigma/contracts';
import { NATS_CONNECTION, RpcClient } from '@sigma/messaging';
import { Public } from '../auth/auth.decorators';
import { SkipRateLimit } from '../limits/rate-limit.guard';
import { ApiOk } from '../openapi/responses';
import { ref } from '../openapi/schemas/dsl';

/** Health subjects of the services behind the gateway; one line per service. */
const SERVICE_HEALTH_SUBJECTS = {
  records: 'records.health.check',
  workflow: 'workflow.health.check',
  audit: 'audit.health.check',
  'change-sets': 'change-sets.health.check',
  webhooks: 'webhooks.health.check',
} as const;
const HEALTH_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
@SkipRateLimit()
export class HealthController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Reachability of PostgreSQL and NATS, per service' })
  @ApiOk('Health', { description: 'Every service is up' })
  // Not an error body: the same health report, with the services that are down.
  @ApiResponse({ status: 503, description: 'At least one service or dependency is down', schema: ref('Health') })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; services: Record<string, ServiceHealth> }> {
    const services: Record<string, ServiceHealth> = {
      gateway: {
        service: 'gateway',
        status: this.nats.isClosed() ? 'down' : 'up',
        checks: { nats: { status: this.nats.isClosed() ? 'down' : 'up' } },
      },
    };
    await Promise.all(
      Object.entries(SERVICE_HEALTH_SUBJECTS).map(async ([service, subject]) => {
        try {
          services[service] = await this.rpc.request(subject, {}, { timeoutMs: HEALTH_TIMEOUT_MS });
        } catch (error) {
          services[service] = { service, status: 'down', checks: { nats: { status: 'down', error: (error as Error).message } } };
        }
      }),
    );
    const up = Object.values(services).every((health) => health.status === 'up');
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', services };
  }
}
