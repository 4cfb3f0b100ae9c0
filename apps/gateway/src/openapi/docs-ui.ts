import { dirname } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/** The files of swagger-ui-dist the page loads; nothing else of the package is served. */
const ASSETS = new Set(['/swagger-ui.css', '/swagger-ui-bundle.js', '/favicon-32x32.png']);

/**
 * Swagger UI at `docsPath`, loading the document from `<docsPath>/openapi.json`.
 *
 * Why not SwaggerModule.setup: it embeds the document in its init script with String.replace,
 * so a description containing "$`" (the stable-id pattern `^[a-z0-9-]*$`) is read as a
 * replacement pattern and the page is a syntax error. Here the page and its script are fixed
 * text and the browser fetches the document as JSON, so no text of the document reaches a script.
 */
export function registerDocsRoutes(app: INestApplication, docsPath: string, document: OpenAPIObject): void {
  const documentJson = JSON.stringify(document);
  const documentUrl = `${docsPath}/openapi.json`;
  const page = html(docsPath, document.info.title);
  const script = initScript(documentUrl);
  (app as NestFastifyApplication).useStaticAssets({
    // The package's main module would load the whole bundle into this process; only its folder is needed.
    root: dirname(require.resolve('swagger-ui-dist/package.json')),
    prefix: `${docsPath}/`,
    decorateReply: false,
    index: false,
    allowedPath: (pathName: string) => ASSETS.has(pathName),
  });
  const serve = (path: string, type: string, body: string) =>
    app.getHttpAdapter().get(path, (_request: unknown, reply: FastifyReply) => reply.type(type).send(body));
  serve(documentUrl, 'application/json; charset=utf-8', documentJson);
  for (const path of [docsPath, `${docsPath}/`, `${docsPath}/index.html`]) serve(path, 'text/html; charset=utf-8', page);
  serve(`${docsPath}/swagger-initializer.js`, 'application/javascript; charset=utf-8', script);
}

function html(docsPath: string, title: string): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<link rel="stylesheet" href="${escape(docsPath)}/swagger-ui.css">`,
    `<link rel="icon" type="image/png" href="${escape(docsPath)}/favicon-32x32.png">`,
    '</head>',
    '<body>',
    '<div id="swagger-ui"></div>',
    `<script src="${escape(docsPath)}/swagger-ui-bundle.js"></script>`,
    `<script src="${escape(docsPath)}/swagger-initializer.js"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

function initScript(documentUrl: string): string {
  return `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    // No call to validator.swagger.io: the page works offline and sends the document nowhere.
    validatorUrl: null,
  });
};
`;
}
