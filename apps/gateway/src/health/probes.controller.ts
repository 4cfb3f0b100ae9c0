import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@sigma/messaging';
import { Public } from '../auth/auth.decorators';

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
  @ApiOkResponse({ description: 'Alive' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the gateway is connected to NATS' })
  @ApiOkResponse({ description: 'Ready to take requests' })
  @ApiServiceUnavailableResponse({ description: 'Not connected to NATS' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): { status: 'up' | 'down' } {
    const up = !this.nats.isClosed();
    void reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down' };
  }
}
