import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { BULK_MAX_BODY_BYTES, IMPORT_MEDIA_TYPES } from '@sigma/contracts';

/**
 * Clients send `content-type: application/json` on bodiless POSTs (submit, apply, refresh…), and
 * Fastify's own JSON parser answers those 400. An empty body is read as no body; anything else goes
 * to Fastify's parser unchanged (same prototype-poisoning protection, same errors). The app must be
 * created with `bodyParser: false`, so this is the only JSON parser; nothing else is accepted.
 */
export function useJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit }, (request, body, done) => {
    const text = body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
}

/** NDJSON bodies (POST /records/bulk, POST /change-sets/:id/operations) arrive as text, read line by line by their endpoint, with their own larger limit. */
export function useNdjsonBodies(app: NestFastifyApplication): void {
  app.useBodyParser<RawServerDefault>('application/x-ndjson', { bodyLimit: BULK_MAX_BODY_BYTES }, (_request, body, done) => done(null, body.toString('utf8')));
}

/**
 * Import files (CSV, XLSX) are handed to their endpoint as the request stream, unparsed, so a large
 * file is read row by row and never held whole; the endpoint enforces IMPORT_MAX_FILE_BYTES itself.
 */
export function useImportBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(Object.values(IMPORT_MEDIA_TYPES), (_request, payload, done) => done(null, payload));
}
