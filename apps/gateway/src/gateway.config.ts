import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { BaseServiceConfig, repoRoot, toInt } from '@sigma/config';
import { appearsInRepository, DEV_JWT_SECRET, jwtSecretProblems } from './auth/secret-policy';
import { corsOriginProblems, parseCorsOrigins } from './http/cors';

export class GatewayConfig extends BaseServiceConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** At least 32 characters; production refuses to start without one, or with one that is public (in the repository). */
  @IsOptional()
  @IsString()
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'sigma-pim';

  @IsString()
  JWT_AUDIENCE = 'sigma-pim-api';

  /** Access token lifetime: short, since a refresh token gets the next one. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_EXPIRES_IN_SECONDS = 900;

  /** Refresh token lifetime, renewed by each rotation: a session idle this long must log in again. */
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(31_536_000)
  REFRESH_TOKEN_EXPIRES_IN_SECONDS = 1_209_600;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Per-token (per user; per client IP without a token) request budget, a token bucket refilled evenly; 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * How long the gateway trusts what it read of a token's user (exists, roles, token version) before
   * asking records again: a change of roles or password, or a deletion, reaches every gateway within it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  AUTH_USER_CACHE_MS = 5000;

  /**
   * Records the gateway keeps to answer GET /records/:id without asking records, each dropped when
   * its record event arrives (about 3 KB each for the demo's records); 0 turns the cache off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RECORD_CACHE_ENTRIES = 10_000;

  /** The longest a cached record is served, whatever the events say: a bound on what a lost event could cost. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  RECORD_CACHE_MAX_AGE_MS = 60_000;

  /**
   * Browser origins allowed to call the API from another origin, comma-separated
   * (`https://app.example.com,http://localhost:5173`), or `*` for any. Unset: no CORS headers.
   */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  get corsOrigins(): string[] {
    return parseCorsOrigins(this.CORS_ORIGINS);
  }

  get jwtSecret(): string {
    return this.JWT_SECRET ?? DEV_JWT_SECRET;
  }

  override check(): string[] {
    const problems = super.check();
    problems.push(
      ...jwtSecretProblems(this.JWT_SECRET, {
        production: this.isProduction,
        appearsInRepository: (secret) => appearsInRepository(secret, repoRoot(__dirname)),
      }),
    );
    problems.push(...corsOriginProblems(this.corsOrigins));
    return problems;
  }
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
