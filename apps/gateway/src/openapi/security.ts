import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse, type SecuritySchemeObject } from '@nestjs/swagger';
import { ALL_ROLES, type Permission, ROLE_PERMISSIONS } from '@sigma/contracts';

/**
 * How a caller authenticates. Every authenticated operation accepts any one of these schemes; a
 * new one is one entry here, and the document, Swagger UI and the generated SDK pick it up.
 */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/token (or an API key): `Authorization: Bearer <accessToken>`.',
  },
  'api-key': {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'An API key (sk_...) from POST /api/v1/api-keys; also accepted as Authorization: Bearer <key>',
  },
};

function rolesWith(permission: Permission): string[] {
  return ALL_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/**
 * OpenAPI of an authenticated route: its security schemes, 401, and with a `permission` 403 unless
 * every role has it.
 */
export function ApiAuthenticated(permission?: Permission): MethodDecorator & ClassDecorator {
  const roles = permission ? rolesWith(permission) : ALL_ROLES;
  return applyDecorators(
    ...Object.keys(SECURITY_SCHEMES).map((name) => ApiSecurity(name)),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired credentials' }),
    ...(roles.length < ALL_ROLES.length ? [ApiForbiddenResponse({ description: `Needs ${permission} (${roles.join(', ')})` })] : []),
  );
}
