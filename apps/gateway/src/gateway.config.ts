import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { BaseServiceConfig, toInt } from '@sigma/config';
import { corsOriginProblems, parseCorsOrigins } from './http/cors';

/** Used only outside production, so `npm start` works with no setup; production refuses to start without JWT_SECRET. */
export const DEV_JWT_SECRET = 'sigma-pim-development-secret-not-for-production';

export class GatewayConfig extends BaseServiceConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'sigma-pim';

  @IsString()
  JWT_AUDIENCE = 'sigma-pim-api';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_EXPIRES_IN_SECONDS = 3600;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Per-token (per user; per client IP without a token) request budget, a token bucket refilled evenly; 0 disables. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RATE_LIMIT_PER_MINUTE = 600;

  /** How long the gateway trusts that a token's user still exists before asking records again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60000)
  AUTH_USER_CACHE_MS = 5000;

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
    if (this.isProduction && !this.JWT_SECRET) problems.push('JWT_SECRET: required when NODE_ENV=production');
    problems.push(...corsOriginProblems(this.corsOrigins));
    return problems;
  }
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
