import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import { DatabaseServiceConfig, toBool, toInt } from '@sigma/config';

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
}

export function recordsSettings(config: RecordsConfig): RecordsSettings {
  return { skuLimit: config.SKU_LIMIT, loadDemoData: config.loadsDemoData };
}
