import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { DomainError, type RpcContext, type RpcRequest, type RpcResponse } from '@sigma/contracts';
import { checkHealth } from '@sigma/db';
import { NATS_CONNECTION, RpcHandler } from '@sigma/messaging';
import { DeliveryStore } from './delivery/delivery-store';
import { DeliveryWorker } from './delivery/delivery-worker';
import { SubscriptionStore } from './subscriptions/subscription-store';

@Injectable()
export class WebhooksHandler {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly deliveries: DeliveryStore,
    private readonly worker: DeliveryWorker,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
  ) {}

  @RpcHandler('webhooks.subscription.create')
  create(request: RpcRequest<'webhooks.subscription.create'>, context: RpcContext): Promise<RpcResponse<'webhooks.subscription.create'>> {
    if (!context.actor) throw new DomainError('unauthorized', 'Creating a webhook needs an authenticated actor');
    return this.subscriptions.create(request, context.actor.userId);
  }

  @RpcHandler('webhooks.subscription.list')
  list(): Promise<RpcResponse<'webhooks.subscription.list'>> {
    return this.subscriptions.list();
  }

  @RpcHandler('webhooks.subscription.get')
  get({ id }: RpcRequest<'webhooks.subscription.get'>): Promise<RpcResponse<'webhooks.subscription.get'>> {
    return this.subscriptions.get(id);
  }

  @RpcHandler('webhooks.subscription.update')
  update(request: RpcRequest<'webhooks.subscription.update'>): Promise<RpcResponse<'webhooks.subscription.update'>> {
    return this.subscriptions.update(request);
  }

  @RpcHandler('webhooks.subscription.delete')
  delete({ id }: RpcRequest<'webhooks.subscription.delete'>): Promise<RpcResponse<'webhooks.subscription.delete'>> {
    return this.subscriptions.delete(id);
  }

  @RpcHandler('webhooks.delivery.list')
  async listDeliveries(request: RpcRequest<'webhooks.delivery.list'>): Promise<RpcResponse<'webhooks.delivery.list'>> {
    await this.subscriptions.get(request.subscriptionId);
    return this.deliveries.list(request);
  }

  @RpcHandler('webhooks.delivery.redeliver')
  async redeliver({ subscriptionId, deliveryId }: RpcRequest<'webhooks.delivery.redeliver'>): Promise<RpcResponse<'webhooks.delivery.redeliver'>> {
    await this.subscriptions.get(subscriptionId);
    const delivery = await this.deliveries.redeliver(subscriptionId, deliveryId);
    this.worker.nudge();
    return delivery;
  }

  @RpcHandler('webhooks.health.check')
  health(): Promise<RpcResponse<'webhooks.health.check'>> {
    return checkHealth('webhooks', this.dataSource, this.nats);
  }
}
