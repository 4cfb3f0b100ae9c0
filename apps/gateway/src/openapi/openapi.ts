import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX } from '../api-prefix';
import { registerDocsRoutes } from './docs-ui';
import { finalizeDocument } from './finalize';
import { SECURITY_SCHEMES } from './security';

export const DOCS_PATH = `${API_PREFIX}/docs`;
/** The document itself, for generators and tools (libs/sdk is generated from it). */
export const DOCUMENT_PATH = `${DOCS_PATH}/openapi.json`;

const DESCRIPTION = `
Sigma PIM: product records with dimension-scoped values, lifecycle states, completeness and an audit trail;
outside sources propose change sets that people review.

**Auth**: \`POST /api/v1/auth/token\` with \`{ "username", "password" }\`, then \`Authorization: Bearer <accessToken>\`;
\`POST /api/v1/auth/refresh\` with the \`refreshToken\` gets the next pair. Machines use an API key from an admin
(\`POST /api/v1/api-keys\`) as \`X-API-Key: <key>\` or \`Authorization: Bearer <key>\`. \`GET /api/v1/me\` names the caller.

**Errors** always have the shape \`{ statusCode, error, message, code?, details? }\` (schema ErrorBody):
400 invalid input (\`details\` lists \`{ field, rule, message, attributeAlias?, scope? }\` for every broken rule),
401 missing/invalid token, 403 role not allowed or plan limit (\`sku-limit-reached\`), 404 unknown id,
409 not allowed in the current state, 412 stale If-Match, 422 a business gate failed, 429 rate limited,
503/504 a service is unavailable or too slow. A rejected request changes nothing.

**Created resources** answer 201 with a \`Location\` header.

**Request ids**: send \`X-Request-Id\` or get one generated; it is echoed in the response and in every log line.

The raw document is at \`/${DOCUMENT_PATH}\`; the TypeScript SDK in libs/sdk is generated from it.
`;

const TAGS: Record<string, string> = {
  auth: 'Access tokens',
  records: 'Records, their scoped values, completeness, lifecycle and audit trail',
  categories: 'Catalogs, category trees and the categories of records',
  'change-sets': 'Proposed changes, their review and their apply',
  imports: 'Supplier and ERP files (CSV, XLSX) read into draft change sets',
  events: 'The change feed: every committed record event, resumable by cursor',
  workspace: 'Dimensions and schemas',
  workflows: 'Lifecycle states and transitions per schema',
  users: 'Accounts and roles',
  'api-keys': 'API keys for machines and agents',
  webhooks: 'Signed deliveries of record events to subscribed URLs, with retries, dead letters and a delivery log',
  health: 'Health, probes and metrics',
};

/** Operation ids as a client names them: `RecordsController.create` -> `records_create`. */
function operationId(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${resource.charAt(0).toLowerCase()}${resource.slice(1)}_${methodKey}`;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Sigma PIM API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Relative: the document describes whichever gateway serves it.
    .addServer(`/${API_PREFIX}`, 'The gateway serving this document');
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) builder.addSecurity(name, scheme);
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), { ignoreGlobalPrefix: true, operationIdFactory: operationId });
  return finalizeDocument(document);
}

/** Serves the document and Swagger UI under /api/v1/docs. */
export function setupOpenApi(app: INestApplication): void {
  registerDocsRoutes(app, `/${DOCS_PATH}`, buildOpenApiDocument(app));
}
