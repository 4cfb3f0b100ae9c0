import type { FastifyInstance } from 'fastify';

/**
 * Clients send `content-type: application/json` on bodiless POSTs (submit, apply, refresh…), and
 * Fastify's own JSON parser answers those 400. An empty body is read as no body; anything else goes
 * to Fastify's parser unchanged (same prototype-poisoning protection, same errors).
 */
export function acceptEmptyJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return parseJson(request, body, done);
  });
}
