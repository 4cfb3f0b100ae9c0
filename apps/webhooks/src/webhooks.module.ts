import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@sigma/db';
import { MessagingModule } from '@sigma/messaging';
import { ProcessedEventJanitor } from './consumer/processed-event-janitor';
import { RecordEventsConsumer } from './consumer/record-events.consumer';
import { webhooksDataSourceOptions } from './database/data-source-options';
import { DeliveryStore } from './delivery/delivery-store';
import { DeliveryWorker } from './delivery/delivery-worker';
import { SubscriptionStore } from './subscriptions/subscription-store';
import { WebhooksHandler } from './webhooks.handler';
import { WebhooksConfig } from './webhooks.settings';

@Module({})
export class WebhooksModule {
  static forConfig(config: WebhooksConfig): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [
        DatabaseModule.forRoot({ ...webhooksDataSourceOptions(config), runMigrations: config.RUN_MIGRATIONS }),
        MessagingModule.forService('webhooks', config),
      ],
      providers: [{ provide: WebhooksConfig, useValue: config }, SubscriptionStore, DeliveryStore, DeliveryWorker, RecordEventsConsumer, ProcessedEventJanitor, WebhooksHandler],
    };
  }
}
