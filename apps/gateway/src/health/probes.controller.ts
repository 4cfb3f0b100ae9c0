import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@sigma/messaging';
import { Public } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';
import { ref } from '../openapi/schemas/dsl';

/**
 * Probes of the gateway alone, for orchestrators: unlike GET /health (every service), a service
 * being down does not restart or unroute the gateway.
 */
@ApiTags('health')
@Controller('health')
export class ProbesController {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the gateway process answers' })
  @ApiOk('Probe', { description: 'Alive' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the gateway is connected to NATS' })
  @ApiOk('Probe', { description: 'Ready to take requests' })
  @ApiResponse({ status: 503, description: 'Not connected to NATS', schema: ref('Probe') })
  ready(@Res({ passthrough: true }) reply: FastifyReply): { status: 'up' | 'down' } {
    const up = !this.nats.isClosed();
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down' };
  }
}
