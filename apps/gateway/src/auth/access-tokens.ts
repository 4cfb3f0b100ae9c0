import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser } from '@sigma/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { JWT_ALGORITHM } from './jwt.strategy';

export interface AccessToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** Signs access tokens: sub, roles (informational), username, tokenVersion, iss, aud, iat and exp. */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async sign(user: AuthenticatedUser): Promise<AccessToken> {
    const accessToken = await this.jwt.signAsync(
      { roles: user.roles, username: user.username, tokenVersion: user.tokenVersion },
      {
        subject: user.userId,
        algorithm: JWT_ALGORITHM,
        secret: this.config.jwtSecret,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        expiresIn: this.config.JWT_EXPIRES_IN_SECONDS,
      },
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.JWT_EXPIRES_IN_SECONDS };
  }
}
