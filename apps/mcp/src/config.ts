import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { repoRoot, toInt } from '@sigma/config';
import type { Credential } from './api/credentials';

const HTTP_URL = /^https?:\/\/[^\s]+$/;

/** Settings of both entries (Streamable HTTP and stdio); each reads what it needs. */
export class McpConfig {
  /** Streamable HTTP: the port of the MCP endpoint (`/mcp`). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  MCP_PORT = 3001;

  @IsString()
  MCP_HOST = '0.0.0.0';

  /** Largest MCP request body accepted (a proposal of many operations is large). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  MCP_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /** The gateway's port, as `npm start` gives it to every app; the default API URL follows it. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL such as http://localhost:3000/api/v1' })
  SIGMA_API_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  SIGMA_API_TIMEOUT_MS = 30000;

  /** stdio only: the agent's API key (sent as X-API-Key), from an admin's POST /api-keys. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  SIGMA_API_KEY?: string;

  /** stdio only, the fallback without a key: a user to sign in as (renewed when its token expires). */
  @IsOptional()
  @IsString()
  SIGMA_USERNAME?: string;

  @IsOptional()
  @IsString()
  SIGMA_PASSWORD?: string;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  get apiUrl(): string {
    return (this.SIGMA_API_URL ?? `http://127.0.0.1:${this.PORT}/api/v1`).replace(/\/+$/, '');
  }

  /** The stdio entry's credential: the API key, or the sign-in fallback, or why there is none. */
  stdioCredential(): { credential: Credential } | { login: { username: string; password: string } } | { problem: string } {
    const login = Boolean(this.SIGMA_USERNAME || this.SIGMA_PASSWORD);
    if (this.SIGMA_API_KEY && login) return { problem: 'set SIGMA_API_KEY or SIGMA_USERNAME with SIGMA_PASSWORD, not both' };
    if (this.SIGMA_API_KEY) return { credential: { kind: 'api-key', value: this.SIGMA_API_KEY } };
    if (!login) return { problem: "set SIGMA_API_KEY to the agent's API key (an admin creates one with POST /api-keys)" };
    if (!this.SIGMA_USERNAME || !this.SIGMA_PASSWORD) return { problem: 'SIGMA_USERNAME and SIGMA_PASSWORD go together' };
    return { login: { username: this.SIGMA_USERNAME, password: this.SIGMA_PASSWORD } };
  }
}

/** The version the server reports to clients: the repository's. */
export function serverVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot(__dirname), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
