import { applyDecorators } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse, type SecuritySchemeObject } from '@nestjs/swagger';
import { ALL_ROLES, type Permission, ROLE_PERMISSIONS } from '@sigma/contracts';

/**
 * How a caller authenticates. Every authenticated operation accepts any one of these schemes;
 * a new one (e.g. `apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' }`) is one entry here,
 * and the document, Swagger UI and the generated SDK pick it up.
 */
export const SECURITY_SCHEMES: Record<string, SecuritySchemeObject> = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth/token: `Authorization: Bearer <accessToken>`.',
  },
};

function rolesWith(permission: Permission): string[] {
  return ALL_ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** OpenAPI of a route that needs `permission`: its security schemes, 401, and 403 unless every role has the permission. */
export function ApiAuthenticated(permission: Permission): MethodDecorator & ClassDecorator {
  const roles = rolesWith(permission);
  return applyDecorators(
    ...Object.keys(SECURITY_SCHEMES).map((name) => ApiSecurity(name)),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired credentials' }),
    ...(roles.length < ALL_ROLES.length ? [ApiForbiddenResponse({ description: `Needs ${permission} (${roles.join(', ')})` })] : []),
  );
}
