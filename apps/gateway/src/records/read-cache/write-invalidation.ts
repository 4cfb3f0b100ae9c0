import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX } from '../../api-prefix';
import type { RecordReads } from './record-reads';

const RECORD_ROUTES = `/${API_PREFIX}/records`;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a request may have written to cached records: one record (a route with `:id`), every
 * record (a route under /records without one, such as bulk), or none (undefined; a create only
 * adds a record, and nothing that is not there is cached).
 */
export function recordsWrittenBy(method: string, route: string | undefined, params: unknown): { id?: string } | undefined {
  if (READS.has(method) || !route?.startsWith(RECORD_ROUTES) || route === RECORD_ROUTES) return undefined;
  // Deleting a record deletes its variants too, which the route does not name.
  if (method === 'DELETE' && route === `${RECORD_ROUTES}/:id`) return {};
  const id = (params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && route.startsWith(`${RECORD_ROUTES}/:id`) ? { id } : {};
}

/**
 * Every write under /records drops what it touched from this gateway's record cache just before
 * its answer is sent, whatever the outcome (a timed-out write may still commit), so the writer's
 * next read asks records.
 */
export function registerRecordWriteInvalidation(fastify: FastifyInstance, reads: RecordReads): void {
  fastify.addHook('onSend', (request: FastifyRequest, _reply, payload, done) => {
    const written = recordsWrittenBy(request.method, request.routeOptions.url, request.params);
    if (written) reads.wrote(written.id);
    done(null, payload);
  });
}
