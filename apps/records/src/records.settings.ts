import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DatabaseServiceConfig, toBool, toInt } from '@sigma/config';
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from './workspace/users/login-throttle';

export class RecordsConfig extends DatabaseServiceConfig {
  /** Plan limit on the number of records; unset means unlimited. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SKU_LIMIT?: number;

  /** Publish outbox events to JetStream from this process (off only to test a relay outage). */
  @Transform(toBool)
  @IsBoolean()
  OUTBOX_RELAY = true;

  /** Consecutive failed sign-ins of a username that cost nothing; each one after locks it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_THROTTLE_FREE_FAILURES = DEFAULT_THROTTLE_POLICY.freeFailures;

  /** First lock, doubled by each further failure. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  LOGIN_THROTTLE_BASE_DELAY_MS = DEFAULT_THROTTLE_POLICY.baseDelayMs;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  LOGIN_THROTTLE_MAX_DELAY_MS = DEFAULT_THROTTLE_POLICY.maxDelayMs;

  override check(): string[] {
    const problems = super.check();
    if (this.isProduction && this.DEMO_DATA && process.env.DEMO_DATA === 'true')
      problems.push('DEMO_DATA: demo users are never created in production');
    return problems;
  }
}

export const RECORDS_SETTINGS = Symbol('RECORDS_SETTINGS');

export interface RecordsSettings {
  skuLimit?: number;
  /** Whether the demo workspace is loaded on start (never in production). */
  loadDemoData: boolean;
  loginThrottle: ThrottlePolicy;
}

export function recordsSettings(config: RecordsConfig): RecordsSettings {
  return {
    skuLimit: config.SKU_LIMIT,
    loadDemoData: config.loadsDemoData,
    loginThrottle: {
      freeFailures: config.LOGIN_THROTTLE_FREE_FAILURES,
      baseDelayMs: config.LOGIN_THROTTLE_BASE_DELAY_MS,
      maxDelayMs: Math.max(config.LOGIN_THROTTLE_MAX_DELAY_MS, config.LOGIN_THROTTLE_BASE_DELAY_MS),
    },
  };
}
