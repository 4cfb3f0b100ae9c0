import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** dist/apps/web, where tools/build/build.js puts the bundled review app (this file runs from dist/apps/gateway/src/web-app). */
export const WEB_APP_ROOT = resolve(__dirname, '..', '..', '..', 'web');

/** Paths the app never answers with its page: the API keeps its own 404. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

/** A request for a file (an extension in the last segment) gets a 404, not the page, when no such file exists. */
export function looksLikeFile(url: string): boolean {
  const path = url.split('?')[0];
  return /\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Serves the review app on the API's origin: hashed bundles under /assets/ (cached for a year),
 * and index.html (never cached) for every other GET that is not an API path, so the app's own
 * routes (/change-sets/…, /records/…) load on a reload or a shared link. Without a built app
 * the gateway still starts and says so.
 */
export function registerWebApp(app: NestFastifyApplication, root = WEB_APP_ROOT): boolean {
  const indexFile = join(root, 'index.html');
  if (!existsSync(indexFile)) {
    new Logger('WebApp').warn(`review app not found at ${indexFile} (run npm run build); / is not served`);
    return false;
  }
  const page = readFileSync(indexFile);
  // decorateReply false: Swagger UI registers @fastify/static too, and only one may decorate the reply.
  app.useStaticAssets({ root: join(root, 'assets'), prefix: '/assets/', decorateReply: false, index: false, maxAge: '365d', immutable: true });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      if (isApiPath(request.url) || looksLikeFile(request.url)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    });
  return true;
}
