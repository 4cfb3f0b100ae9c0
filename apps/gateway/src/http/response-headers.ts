import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../api-prefix';

/** Where a created resource lives, relative to the API prefix (`records/ent-1`), from the response body and the route parameters. */
export type LocationOf<T> = (created: T, params: Record<string, string>) => string;

/** Headers a route derives from its successful response body. */
export interface ResponseHeaders {
  /** `ETag: W/"<version>"` when the body is one versioned record. */
  recordEtag?: boolean;
  /** `Location` of what a 201 created. */
  location?: LocationOf<never>;
}

/** The ETag of a record: its version, weak because `?resolved=true` shows the same version differently. */
export function recordEtag(version: number): string {
  return `W/"${version}"`;
}

/**
 * Declares headers the route's answer carries, as Fastify route config: merged with what other
 * decorators declared. A hook sets them from the body just before it is serialized, so they need
 * no interceptor (each costs an async resource and an rxjs chain per request).
 */
export function WithResponseHeaders(headers: ResponseHeaders): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const config = routeConfigOf(handler);
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, responseHeaders: { ...config.responseHeaders, ...headers } }, handler);
    return descriptor;
  };
}

/** The Fastify route config a controller method declared (Nest hands it to Fastify as the route's `config`). */
function routeConfigOf(handler: object): { responseHeaders?: ResponseHeaders } {
  return (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as { responseHeaders?: ResponseHeaders } | undefined) ?? {};
}

/** The response headers a controller method declared. */
export function responseHeadersOf(handler: object): ResponseHeaders {
  return routeConfigOf(handler).responseHeaders ?? {};
}

function isVersioned(body: unknown): body is { version: number } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { version?: unknown }).version === 'number';
}

/** Sets the declared headers of successful answers (also of an idempotent replay, which is answered the same way). */
export function setResponseHeaders(headers: ResponseHeaders, reply: FastifyReply, params: unknown, body: unknown): void {
  if (reply.statusCode >= 400) return;
  if (headers.recordEtag && isVersioned(body)) void reply.header('etag', recordEtag(body.version));
  if (headers.location) {
    const path = headers.location(body as never, (params as Record<string, string> | undefined) ?? {})
      .split('/')
      .map(encodeURIComponent)
      .join('/');
    void reply.header('location', `/${API_PREFIX}/${path}`);
  }
}

export function registerResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
    const headers = (request.routeOptions.config as { responseHeaders?: ResponseHeaders }).responseHeaders;
    if (headers) setResponseHeaders(headers, reply, request.params, payload);
    done(null, payload);
  });
}
