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
  private woken = false;
  private wake: () => void = () => (this.woken = true);

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
    this.wake();
    await this.loop;
  }

  /** New deliveries were queued: look now rather than at the next poll. */
  nudge(): void {
    this.wake();
  }

  /**
   * Keeps up to WEBHOOK_CONCURRENCY deliveries in flight: claims as many as there is room for and
   * does not wait for a whole batch, so one slow receiver does not hold back the others.
   */
  private async run(): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      let claimed = 0;
      const room = this.config.WEBHOOK_CONCURRENCY - inFlight.size;
      if (room > 0) {
        try {
          const batch = await this.store.claim(room, this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
          claimed = batch.length;
          for (const delivery of batch) {
            const sending: Promise<void> = this.send(delivery)
              .catch((error: Error) => this.logger.warn(`Recording webhook delivery ${delivery.id} failed: ${error.message}`))
              .finally(() => {
                inFlight.delete(sending);
                this.wake();
              });
            inFlight.add(sending);
          }
        } catch (error) {
          this.logger.warn(`Claiming webhook deliveries failed: ${(error as Error).message}`);
        }
      }
      if (this.running && (claimed === 0 || inFlight.size >= this.config.WEBHOOK_CONCURRENCY)) await this.sleep(this.config.WEBHOOK_POLL_MS);
    }
    // Shutdown: let the attempts under way finish and be recorded (each is bounded by the timeout).
    await Promise.all(inFlight);
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

  /** Waits for the poll interval or a wake-up; one that came while the loop was busy ends the wait at once. */
  private sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = () => (this.woken = true);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
