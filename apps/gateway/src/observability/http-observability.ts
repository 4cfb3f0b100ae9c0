import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  formatTraceparent,
  httpDuration,
  httpRequests,
  newSpanId,
  newTraceId,
  parseTraceparent,
  RequestContext,
  TRACEPARENT_HEADER,
} from '@sigma/messaging';

/** The trace each HTTP request belongs to: the client's `traceparent` trace id, or a new one. */
const traces = new WeakMap<FastifyRequest, string>();

export function traceIdOf(request: FastifyRequest): string | undefined {
  return traces.get(request);
}

/**
 * Per request: continues the caller's W3C trace (or starts one) and answers with a `traceparent`
 * naming the gateway's span; counts and times the response by method, route pattern and status;
 * logs one access line at debug level, carrying the request and trace id like every other line.
 * Callback-style hooks: an async hook costs a promise per request, and with AsyncLocalStorage
 * active every promise also runs Node's async hooks.
 */
export function registerHttpObservability(fastify: FastifyInstance, accessLogEnabled: boolean): void {
  const logger = new Logger('Http');
  fastify.addHook('onRequest', (request, reply, done) => {
    const parent = parseTraceparent(request.headers[TRACEPARENT_HEADER]);
    const traceId = parent?.traceId ?? newTraceId();
    traces.set(request, traceId);
    void reply.header(TRACEPARENT_HEADER, formatTraceparent(traceId, newSpanId(), parent?.flags ?? '01'));
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    const seconds = reply.elapsedTime / 1000;
    httpRequests.inc(labels);
    httpDuration.observe(labels, seconds);
    if (accessLogEnabled) {
      RequestContext.run({ requestId: String(request.id), traceId: traces.get(request) }, () =>
        logger.debug(`${request.method} ${request.url} ${reply.statusCode} in ${reply.elapsedTime.toFixed(1)} ms`),
      );
    }
    done();
  });
}
