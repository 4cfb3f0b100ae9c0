import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@sigma/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { Principals } from './principals';
import { type AccessClaims, readAccessClaims, tokenSpeaksFor } from './token-claims';
import { VerifiedTokens } from './verified-tokens';

export const JWT_ALGORITHM = 'HS256';

/** The Bearer token of a request, as passport-jwt reads it. */
export const bearerTokenOf: (request: FastifyRequest) => string | null = ExtractJwt.fromAuthHeaderAsBearerToken() as never;

/**
 * Verifies Bearer tokens: pinned algorithm (HS256 only, so there is no RS256/HS256 key confusion to
 * exploit), signature, exp (required)/nbf, issuer, audience, and that the user still exists with the
 * token version the token was issued under. Roles come from the user's record, not the token.
 * A verified token is remembered (VerifiedTokens), so the guard checks it here only the first time.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly principals: Principals,
    private readonly verified: VerifiedTokens,
  ) {
    super({
      jwtFromRequest: bearerTokenOf as never,
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a PEM public key on every verify, which was 30% of the gateway's CPU under load.
      // passport-jwt hands the key to jsonwebtoken untouched; its types predate KeyObject.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
      passReqToCallback: true,
    });
  }

  /** A token whose claims are not the shape we issue is as good as no token. */
  async validate(request: FastifyRequest, payload: Record<string, unknown>): Promise<Actor | false> {
    const claims = readAccessClaims(payload);
    if (!claims) return false;
    const token = bearerTokenOf(request);
    if (token) this.verified.remember(token, claims);
    return this.actorFor(claims);
  }

  /** Who a verified token speaks for now, or false when its user is gone or changed since. */
  async actorFor(claims: AccessClaims): Promise<Actor | false> {
    const principal = await this.principals.get(claims.sub);
    if (!tokenSpeaksFor(claims, principal)) return false;
    return { userId: principal.id, roles: principal.roles };
  }
}
