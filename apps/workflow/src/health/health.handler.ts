import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import type { RpcResponse } from '@sigma/contracts';
import { checkHealth } from '@sigma/db';
import { NATS_CONNECTION, RpcHandler } from '@sigma/messaging';

@Injectable()
export class HealthHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @RpcHandler('workflow.health.check')
  check(): Promise<RpcResponse<'workflow.health.check'>> {
    return checkHealth('workflow', this.dataSource, this.nats);
  }
}
