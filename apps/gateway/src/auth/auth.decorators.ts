import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Permission } from '@sigma/contracts';

export const PUBLIC_ROUTE = 'sigma:public';
export const AUTHENTICATED_ROUTE = 'sigma:authenticated';
export const REQUIRED_PERMISSION = 'sigma:permission';

/** No token needed (token issuance, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Any authenticated caller, whatever its roles (e.g. asking who it is). */
export const Authenticated = (): MethodDecorator & ClassDecorator => SetMetadata(AUTHENTICATED_ROUTE, true);

/** The permission a route needs; a route with none of these decorators is refused to everyone. */
export const RequirePermission = (permission: Permission): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_PERMISSION, permission);

/** How the caller proved who it is. */
export type Credential = { type: 'jwt' } | { type: 'api-key'; keyId: string };

/** The request as the authentication guard leaves it. */
export interface AuthenticatedRequest {
  user?: Actor;
  credential?: Credential;
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<{ user: Actor }>().user;
});

export const CurrentCredential = createParamDecorator((_: unknown, context: ExecutionContext): Credential => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().credential ?? { type: 'jwt' };
});
