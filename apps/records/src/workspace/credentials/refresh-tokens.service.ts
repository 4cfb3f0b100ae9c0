import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull, LessThanOrEqual, Not } from 'typeorm';
import {
  type AuthenticatedUser,
  DomainError,
  ErrorCodes,
  type IssueRefreshTokenRequest,
  type RoleId,
  type RotateRefreshTokenRequest,
} from '@sigma/contracts';
import { RefreshTokenEntity } from '../../database/credential-entities';
import { UserEntity } from '../../database/entities';
import { MAX_SESSIONS_PER_USER, type RefreshVerdict, refreshVerdict, revokesFamily } from './refresh-rotation';

type Rotation = { verdict: 'live'; user: AuthenticatedUser } | { verdict: Exclude<RefreshVerdict, 'live'> | 'unknown'; userId?: string };

/** Refresh tokens by hash: issued at login, rotated on each use, revoked per family (logout, reuse, user change). */
@Injectable()
export class RefreshTokensService {
  private readonly logger = new Logger('RefreshTokens');

  constructor(private readonly dataSource: DataSource) {}

  /** Starts a family for a login; refused when the user changed (or vanished) since the password check. */
  async issue(request: IssueRefreshTokenRequest): Promise<{ issued: true }> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id: request.userId }, lock: { mode: 'pessimistic_read' } });
      if (!user || user.tokenVersion !== request.tokenVersion) throw invalidRefreshToken();
      // Bounded per user: what can no longer be exchanged goes, and the oldest sessions beyond the cap are signed out.
      await manager.delete(RefreshTokenEntity, { userId: user.id, expiresAt: LessThanOrEqual(new Date()) });
      await manager.delete(RefreshTokenEntity, { userId: user.id, revokedAt: Not(IsNull()) });
      await manager.insert(RefreshTokenEntity, {
        tokenHash: request.tokenHash,
        familyId: randomUUID(),
        userId: user.id,
        tokenVersion: user.tokenVersion,
        createdAt: new Date(),
        expiresAt: new Date(request.expiresAt),
        usedAt: null,
        revokedAt: null,
      });
      await manager.query(
        `UPDATE refresh_token SET revoked_at = now()
          WHERE family_id IN (SELECT family_id FROM refresh_token
                               WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL
                               ORDER BY created_at DESC OFFSET $2)`,
        [user.id, MAX_SESSIONS_PER_USER],
      );
    });
    return { issued: true };
  }

  /** Exchanges a live token for its successor (same family) and returns the user to sign an access token for. */
  async rotate(request: RotateRefreshTokenRequest): Promise<AuthenticatedUser> {
    const rotation = await this.dataSource.transaction((manager) => this.rotateIn(manager, request));
    if (rotation.verdict === 'live') return rotation.user;
    if (rotation.verdict === 'reused') {
      this.logger.warn({ event: 'refresh-token-reused', userId: rotation.userId, message: 'A rotated refresh token was presented again; its family is revoked' });
    }
    throw invalidRefreshToken();
  }

  /** Revokes the family of the token (logout). An unknown token is no error: a logout must not tell which tokens exist. */
  async revoke(tokenHash: string): Promise<{ revoked: boolean }> {
    const token = await this.dataSource.manager.findOneBy(RefreshTokenEntity, { tokenHash });
    if (!token) return { revoked: false };
    return { revoked: (await revokeFamily(this.dataSource.manager, token.familyId)) > 0 };
  }

  private async rotateIn(manager: EntityManager, request: RotateRefreshTokenRequest): Promise<Rotation> {
    const token = await manager.findOne(RefreshTokenEntity, { where: { tokenHash: request.tokenHash }, lock: { mode: 'pessimistic_write' } });
    if (!token) return { verdict: 'unknown' };
    const user = await manager.findOneBy(UserEntity, { id: token.userId });
    if (!user) return { verdict: 'unknown' };
    const now = new Date();
    const verdict = refreshVerdict(token, user.tokenVersion, now);
    if (revokesFamily(verdict)) await revokeFamily(manager, token.familyId);
    if (verdict !== 'live') return { verdict, userId: user.id };
    await manager.update(RefreshTokenEntity, { tokenHash: token.tokenHash }, { usedAt: now });
    await manager.insert(RefreshTokenEntity, {
      tokenHash: request.newTokenHash,
      familyId: token.familyId,
      userId: user.id,
      tokenVersion: user.tokenVersion,
      createdAt: now,
      expiresAt: new Date(request.expiresAt),
      usedAt: null,
      revokedAt: null,
    });
    return { verdict, user: { userId: user.id, username: user.username, roles: user.roles as RoleId[], tokenVersion: user.tokenVersion } };
  }
}

async function revokeFamily(manager: EntityManager, familyId: string): Promise<number> {
  const result = await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  return result.affected ?? 0;
}

function invalidRefreshToken(): DomainError {
  return new DomainError(ErrorCodes.unauthorized, 'Invalid or expired refresh token');
}
