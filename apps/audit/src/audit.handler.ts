import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { checkHealth } from '@sigma/db';
import { NATS_CONNECTION, RpcHandler } from '@sigma/messaging';
import { AuditQueryService } from './entries/audit-query.service';
import { EventFeed } from './feed/event-feed';

@Injectable()
export class AuditHandler {
  constructor(
    private readonly query: AuditQueryService,
    private readonly feed: EventFeed,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @RpcHandler('audit.entry.list')
  list(request: RpcRequest<'audit.entry.list'>): Promise<RpcResponse<'audit.entry.list'>> {
    return this.query.list(request);
  }

  @RpcHandler('audit.feed.read')
  readFeed(request: RpcRequest<'audit.feed.read'>): Promise<RpcResponse<'audit.feed.read'>> {
    return this.feed.read(request);
  }

  @RpcHandler('audit.entry.check-recorded')
  async checkRecorded({ eventIds }: RpcRequest<'audit.entry.check-recorded'>): Promise<RpcResponse<'audit.entry.check-recorded'>> {
    return { recorded: await this.query.recorded(eventIds) };
  }

  @RpcHandler('audit.entry.by-change-set')
  byChangeSet(request: RpcRequest<'audit.entry.by-change-set'>): Promise<RpcResponse<'audit.entry.by-change-set'>> {
    return this.query.byChangeSet(request);
  }

  @RpcHandler('audit.health.check')
  health(): Promise<RpcResponse<'audit.health.check'>> {
    return checkHealth('audit', this.dataSource, this.nats);
  }
}
