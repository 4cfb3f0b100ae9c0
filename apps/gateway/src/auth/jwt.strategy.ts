import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { type Actor, isRoleId } from '@sigma/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { UserExistence } from './user-existence';

export const JWT_ALGORITHM = 'HS256';

interface TokenClaims {
  sub?: unknown;
  roles?: unknown;
}

/**
 * Verifies Bearer tokens: pinned algorithm (HS256 only, so there is no RS256/HS256 key confusion to
 * exploit), signature, exp/nbf, issuer, audience, and that the user still exists.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly users: UserExistence,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a PEM public key on every verify, which was 30% of the gateway's CPU under load.
      // passport-jwt hands the key to jsonwebtoken untouched; its types predate KeyObject.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5 },
    });
  }

  /** A token whose claims are not the shape we issue is as good as no token. */
  async validate(claims: TokenClaims): Promise<Actor | false> {
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return false;
    if (!(await this.users.exists(claims.sub))) return false;
    const roles = claims.roles.filter((role): role is string => typeof role === 'string').filter(isRoleId);
    return { userId: claims.sub, roles };
  }
}
