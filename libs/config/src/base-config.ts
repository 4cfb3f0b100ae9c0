import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);
export const toBool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sigma_pim';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** Settings every service shares. Defaults suit a developer machine; production must set them. */
export class BaseServiceConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^(nats|tls):\/\/.+(,(nats|tls):\/\/.+)*$/, { message: 'must be a nats:// URL (comma-separated for a cluster)' })
  NATS_URL?: string;

  /** Prepended to every subject and stream: lets several systems (e.g. test runs) share one NATS. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'letters, digits, _ and - only' })
  NATS_SUBJECT_PREFIX?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  /** How long the event stream keeps events (JetStream max_age): the change feed reaches back this far. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  EVENT_RETENTION_DAYS = 30;

  /**
   * Copies JetStream keeps of each stream this service creates (num_replicas): 1 for a single NATS
   * server, 3 on a 3-node cluster so a node can be lost without losing events. Existing streams are
   * scaled to it on start.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5)
  NATS_STREAM_REPLICAS = 1;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json`: one JSON object per log line (with requestId and traceId) for log shippers. */
  @IsIn(['text', 'json'])
  LOG_FORMAT: 'text' | 'json' = 'text';

  /** NATS services: HTTP port for /metrics, /health and /ready (unset: none; 0: any free port). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsString()
  @IsOptional()
  SERVICE_INSTANCE?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get eventRetentionMs(): number {
    return this.EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000;
  }

  get databaseUrl(): string {
    return this.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  }

  get natsUrl(): string {
    return this.NATS_URL ?? DEFAULT_NATS_URL;
  }

  /** Production never falls back to local defaults. */
  check(): string[] {
    const problems: string[] = [];
    if (this.isProduction && !this.DATABASE_URL) problems.push('DATABASE_URL: required when NODE_ENV=production');
    if (this.isProduction && !this.NATS_URL) problems.push('NATS_URL: required when NODE_ENV=production');
    return problems;
  }
}
