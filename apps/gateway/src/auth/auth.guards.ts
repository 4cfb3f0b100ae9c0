import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { type Actor, DomainError, ErrorCodes, type Permission, rolesGrant } from '@sigma/contracts';
import { RequestContext } from '@sigma/messaging';
import { apiKeyFrom } from './api-key-access';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { AUTHENTICATED_ROUTE, type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { bearerTokenOf, JwtStrategy } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

/**
 * Every route needs a credential unless marked @Public: an API key (X-API-Key, or a Bearer value
 * with the key prefix) or an access token (JWT, checked by the passport strategy).
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthenticator,
    private readonly verified: VerifiedTokens,
    private readonly jwt: JwtStrategy,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const authenticated = await this.authenticate(context, request);
    // Service calls made for this request from here on act for the caller.
    if (request.user) RequestContext.assign({ actor: request.user });
    return authenticated;
  }

  private async authenticate(context: ExecutionContext, request: FastifyRequest & AuthenticatedRequest): Promise<boolean> {
    const apiKey = apiKeyFrom(request.headers);
    if (apiKey !== undefined) {
      const caller = await this.apiKeys.authenticate(apiKey);
      request.user = caller.actor;
      request.credential = { type: 'api-key', keyId: caller.keyId };
      return true;
    }
    const token = bearerTokenOf(request);
    const claims = token ? this.verified.get(token) : undefined;
    if (claims) {
      request.user = this.handleRequest(null, await this.jwt.actorFor(claims));
      request.credential = { type: 'jwt' };
      return true;
    }
    const authenticated = (await super.canActivate(context)) as boolean;
    request.credential = { type: 'jwt' };
    return authenticated;
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
    const actor = context.switchToHttp().getRequest<{ user?: Actor }>().user;
    if (actor && this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (!permission || !actor || !rolesGrant(actor.roles, permission)) {
      throw new DomainError(ErrorCodes.forbidden, 'Your role does not allow this action', permission ? { permission } : undefined);
    }
    return true;
  }
}
