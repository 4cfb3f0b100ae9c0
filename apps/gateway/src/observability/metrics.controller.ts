import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { metricsRegistry } from '@sigma/messaging';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('content-type', metricsRegistry.contentType)
  @ApiOperation({
    summary: 'Prometheus metrics of the gateway',
    description:
      'HTTP requests and latency by method, route pattern and status (sigma_http_requests_total, ' +
      'sigma_http_request_duration_seconds), NATS request latency by subject and outcome ' +
      '(sigma_nats_request_duration_seconds), and Node.js process metrics (sigma_*). Scrape from inside the cluster.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
