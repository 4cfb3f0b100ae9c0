import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/v1/docs';

const DESCRIPTION = `
Sigma PIM: product records with dimension-scoped values, lifecycle states, completeness and an audit trail;
outside sources propose change sets that people review.

**Auth**: \`POST /api/v1/auth/token\` with \`{ "username", "password" }\`, then \`Authorization: Bearer <accessToken>\`;
\`POST /api/v1/auth/refresh\` with the \`refreshToken\` gets the next pair. Machines use an API key from an admin
(\`POST /api/v1/api-keys\`) as \`X-API-Key: <key>\` or \`Authorization: Bearer <key>\`. \`GET /api/v1/me\` names the caller.

**Errors** always have the shape \`{ statusCode, error, message, code?, details? }\`:
400 invalid input (\`details\` lists \`{ field, rule, message, attributeAlias?, scope? }\` for every broken rule),
401 missing/invalid token, 403 role not allowed or plan limit (\`sku-limit-reached\`), 404 unknown id,
409 not allowed in the current state, 422 a business gate failed, 503/504 a service is unavailable or too slow.
A rejected request changes nothing.

**Request ids**: send \`X-Request-Id\` or get one generated; it is echoed in the response and in every log line.
`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sigma PIM API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (sk_...) from POST /api/v1/api-keys; also accepted as Authorization: Bearer <key>' },
      API_KEY_SCHEME,
    )
    .build();
  return acceptApiKeysWhereverBearer(SwaggerModule.createDocument(app, config));
}

const API_KEY_SCHEME = 'api-key';

/** Every operation that takes a bearer token takes an API key as well (the gateway accepts either). */
function acceptApiKeysWhereverBearer(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (operation?.security?.some((requirement) => 'bearer' in requirement)) operation.security.push({ [API_KEY_SCHEME]: [] });
    }
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}
