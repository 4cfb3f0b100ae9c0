import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DatabaseServiceConfig, toInt } from '@sigma/config';
import type { RetryPolicy } from './domain/backoff';

export class WebhooksConfig extends DatabaseServiceConfig {
  override DB_POOL_SIZE = 5;

  /** Hosts (names or IPs, comma-separated) a webhook may reach although private or loopback, and over plain http. */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Failed attempts before a delivery goes to the dead-letter list. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  /** Delay after the first failure; doubled after each further one up to WEBHOOK_RETRY_MAX_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_BASE_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** How long one POST may take (connect to last byte) before it counts as failed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** How often the worker looks for due deliveries when nothing woke it. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60000)
  WEBHOOK_POLL_MS = 1000;

  /** Deliveries sent at once by one process. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  WEBHOOK_CONCURRENCY = 10;

  get retryPolicy(): RetryPolicy {
    return { baseDelayMs: this.WEBHOOK_RETRY_BASE_MS, maxDelayMs: this.WEBHOOK_RETRY_MAX_MS, maxAttempts: this.WEBHOOK_MAX_ATTEMPTS };
  }
}
