import type { FastifyInstance } from 'fastify';
import { RequestContext } from '@sigma/messaging';
import { traceIdOf } from '../observability/http-observability';

/**
 * Runs the rest of every request (guards, handler, the services it calls) inside its context, so
 * service calls and logs carry its id and trace id; the authentication guard adds the actor once
 * known. A hook rather than an interceptor: Nest binds an async resource and builds an rxjs chain
 * per interceptor per request. preHandler, because the body is read by then (its stream events
 * would otherwise resume outside the context).
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const traceId = traceIdOf(request);
    RequestContext.run({ requestId: String(request.id), ...(traceId && { traceId }) }, done);
  });
}
