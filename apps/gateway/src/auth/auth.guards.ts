import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { type Actor, DomainError, ErrorCodes, type Permission, rolesGrant } from '@sigma/contracts';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';

/** Every route needs a valid token unless marked @Public. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    return super.canActivate(context);
  }

  // Never echo why a token failed (expired, bad signature, ...): one message for all.
  // A failure to check the user (records unavailable) is no verdict on the token: it keeps its 503/504.
  override handleRequest<T = Actor>(error: unknown, user: T | false): T {
    if (error instanceof DomainError && (error.code === ErrorCodes.serviceUnavailable || error.code === ErrorCodes.timeout)) throw error;
    if (error || !user) throw new DomainError(ErrorCodes.unauthorized, 'Missing or invalid access token');
    return user;
  }
}

/** Checks the route's permission against the docs/product-decisions.md role table; deny when a route declares none. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (!permission || !actor || !rolesGrant(actor.roles, permission)) {
      throw new DomainError(ErrorCodes.forbidden, 'Your role does not allow this action', permission ? { permission } : undefined);
    }
    return true;
  }
}
