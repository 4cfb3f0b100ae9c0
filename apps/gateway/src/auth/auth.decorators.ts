import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Permission } from '@sigma/contracts';
import { ApiAuthenticated } from '../openapi/security';

export const PUBLIC_ROUTE = 'sigma:public';
export const REQUIRED_PERMISSION = 'sigma:permission';

/** No token needed (token issuance, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** The permission a route needs; a route with neither this nor @Public is refused to everyone. Also its OpenAPI security, 401 and 403. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission), ApiAuthenticated(permission));

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ user: Actor }>().user;
});
