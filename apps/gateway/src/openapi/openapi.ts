import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const DOCS_PATH = 'api/v1/docs';

const DESCRIPTION = `
Sigma PIM: product records with dimension-scoped values, lifecycle states, completeness and an audit trail;
outside sources propose change sets that people review.

**Auth**: \`POST /api/v1/auth/token\` with \`{ "username", "password" }\`, then \`Authorization: Bearer <accessToken>\`.

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
    .build();
  return SwaggerModule.createDocument(app, config);
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, buildOpenApiDocument(app), { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}
