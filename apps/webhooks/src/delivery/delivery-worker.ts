import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { WebhookHeaders } from '@sigma/contracts';
import { afterAttempt } from '../domain/backoff';
import { parseAllowedHosts } from '../domain/address-policy';
import { signatureHeader } from '../domain/signature';
import { WebhooksConfig } from '../webhooks.settings';
import { type ClaimedDelivery, DeliveryStore } from './delivery-store';
import { safePost } from './safe-post';

/** A claim outlives the request timeout by this much, so a slow answer is recorded before anyone else takes the delivery. */
const LEASE_MARGIN_MS = 5000;

/**
 * Sends due deliveries: claims a batch (FOR UPDATE SKIP LOCKED, leased), POSTs each signed with
 * its subscription's secret, and records the attempt with the next step of the retry policy.
 * Every state lives in PostgreSQL: a killed process loses at most its leased batch, which is sent
 * again once the lease ends (delivery is at least once; receivers dedupe by Sigma-Event-Id).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorker');
  private readonly allowedHosts: ReadonlySet<string>;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly store: DeliveryStore,
    private readonly config: WebhooksConfig,
  ) {
    this.allowedHosts = parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** New deliveries were queued: look now rather than at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sent = 0;
      try {
        const batch = await this.store.claim(this.config.WEBHOOK_CONCURRENCY, this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
        await Promise.all(batch.map((delivery) => this.send(delivery)));
        sent = batch.length;
      } catch (error) {
        this.logger.warn(`Webhook delivery round failed: ${(error as Error).message}`);
      }
      if (sent === 0 && this.running) await this.sleep(this.config.WEBHOOK_POLL_MS);
    }
  }

  private async send(delivery: ClaimedDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    const result = await safePost(delivery.url, delivery.body, {
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowedHosts: this.allowedHosts,
      headers: {
        [WebhookHeaders.signature]: signatureHeader(delivery.secret, timestamp, delivery.body),
        [WebhookHeaders.timestamp]: String(timestamp),
        [WebhookHeaders.eventId]: delivery.eventId,
        [WebhookHeaders.eventType]: delivery.eventType,
        [WebhookHeaders.deliveryId]: delivery.id,
      },
    });
    const succeeded = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300 && !result.error;
    const outcome = afterAttempt(this.config.retryPolicy, attempt, succeeded);
    await this.store.record(delivery, attempt, { at: new Date(started), ...result, durationMs: Date.now() - started }, outcome);
    if (outcome.status === 'dead') this.logger.warn(`Webhook delivery ${delivery.id} (event ${delivery.eventId}) dead after ${attempt} attempts`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
