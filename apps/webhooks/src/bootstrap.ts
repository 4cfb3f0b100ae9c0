import type { INestApplicationContext } from '@nestjs/common';
import { startNatsService } from '@sigma/messaging';
import { WebhooksModule } from './webhooks.module';
import { WebhooksConfig } from './webhooks.settings';

/** Starts the webhooks service: fans record events out to subscriptions and delivers them, signed, with retries. */
export function startWebhooksService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  return startNatsService('webhooks', WebhooksConfig, (config) => WebhooksModule.forConfig(config), env);
}
