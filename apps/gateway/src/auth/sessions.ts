import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type AuthenticatedUser, DomainError, ErrorCodes } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { hashCredential, isCredential, newCredential } from './credentials';
import { JWT_ALGORITHM } from './jwt.strategy';
import type { TokenResponseDto } from './token.dto';

/**
 * Logins as pairs of tokens: a short access JWT (sub, roles for information, username, tokenVersion,
 * iss, aud, iat, exp) and an opaque refresh token that records keeps only as a hash, rotating on each use.
 */
@Injectable()
export class Sessions {
  constructor(
    private readonly rpc: RpcClient,
    private readonly jwt: JwtService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async login(username: string, password: string): Promise<TokenResponseDto> {
    const user = await this.rpc.request('records.user.authenticate', { username, password });
    const refresh = newCredential('refreshToken');
    await this.rpc.request('records.refresh-token.issue', {
      userId: user.userId,
      tokenVersion: user.tokenVersion,
      tokenHash: refresh.hash,
      expiresAt: this.refreshExpiry(),
    });
    return this.pair(user, refresh.secret);
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    if (!isCredential('refreshToken', refreshToken)) throw invalidRefreshToken();
    const next = newCredential('refreshToken');
    const user = await this.rpc.request('records.refresh-token.rotate', {
      tokenHash: hashCredential(refreshToken),
      newTokenHash: next.hash,
      expiresAt: this.refreshExpiry(),
    });
    return this.pair(user, next.secret);
  }

  async logout(refreshToken: string): Promise<void> {
    if (isCredential('refreshToken', refreshToken)) await this.rpc.request('records.refresh-token.revoke', { tokenHash: hashCredential(refreshToken) });
  }

  private async pair(user: AuthenticatedUser, refreshToken: string): Promise<TokenResponseDto> {
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
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_EXPIRES_IN_SECONDS,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TOKEN_EXPIRES_IN_SECONDS,
    };
  }

  private refreshExpiry(): string {
    return new Date(Date.now() + this.config.REFRESH_TOKEN_EXPIRES_IN_SECONDS * 1000).toISOString();
  }
}

function invalidRefreshToken(): DomainError {
  return new DomainError(ErrorCodes.unauthorized, 'Invalid or expired refresh token');
}
