import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { BaseServiceConfig, toBool, toInt } from './base-config';

/** Settings of a service that owns a PostgreSQL schema (every backend service). */
export class DatabaseServiceConfig extends BaseServiceConfig {
  /** Load the service's part of the demo workspace into an empty schema. Never in production. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA = true;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;

  get loadsDemoData(): boolean {
    return this.DEMO_DATA && !this.isProduction;
  }
}
