import { applyDecorators, type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, DomainError, ErrorCodes } from '@sigma/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { TokenBuckets } from './token-bucket';

const SKIP_RATE_LIMIT = 'sigma:skip-rate-limit';

/** Not counted (health probes of load balancers and orchestrators); the OpenAPI document then lists no 429. */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(SKIP_RATE_LIMIT, true), ApiExtension('x-rate-limited', false));

/**
 * Per-token rate limit (RATE_LIMIT_PER_MINUTE, 0 = off): runs after authentication, so the budget
 * belongs to the token's user (new tokens do not reset it); public routes count per client IP.
 * Over budget: 429 (code rate-limited) with Retry-After in seconds.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets?: TokenBuckets;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    if (config.RATE_LIMIT_PER_MINUTE > 0) this.buckets = new TokenBuckets(config.RATE_LIMIT_PER_MINUTE);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.buckets || this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Actor }>();
    const key = request.user ? `user:${request.user.userId}` : `ip:${request.ip}`;
    const verdict = this.buckets.take(key);
    if (verdict.allowed) return true;
    void http.getResponse<FastifyReply>().header('retry-after', String(verdict.retryAfterSeconds));
    throw new DomainError(ErrorCodes.rateLimited, `Too many requests; retry in ${verdict.retryAfterSeconds} s`, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
}
