import type { NestFastifyApplication } from '@nestjs/platform-fastify';

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** An origin is scheme, host and optional port: no path, no trailing slash (what browsers send in `Origin`). */
const ORIGIN = /^https?:\/\/[^/\s:]+(:\d{1,5})?$/;

/** Response headers a browser app must be able to read (created resource, version, paging, retries, tracing). */
const EXPOSED_HEADERS = ['Location', 'ETag', 'X-Total-Count', 'X-Next-Cursor', 'X-Request-Id', 'Idempotent-Replayed', 'Retry-After', 'traceparent'];

/** CORS_ORIGINS as a list; unset or blank: none (CORS off). */
export function parseCorsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}

/** Why CORS_ORIGINS is unusable, if it is. `*` stands alone. */
export function corsOriginProblems(origins: readonly string[]): string[] {
  if (origins.includes('*')) return origins.length === 1 ? [] : ['CORS_ORIGINS: `*` (any origin) cannot be combined with other origins'];
  return origins
    .filter((origin) => !ORIGIN.test(origin))
    .map((origin) => `CORS_ORIGINS: '${origin}' is not an origin like https://app.example.com (scheme, host, optional port; no path)`);
}

/**
 * Options for @fastify/cors from the allowed origins. Tokens travel in the Authorization header,
 * never in cookies, so credentials stay off; preflights are answered before any guard runs.
 */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    exposedHeaders: EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  };
}
