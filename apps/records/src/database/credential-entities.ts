import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One refresh token, by its SHA-256 hash; a family is the chain of rotations of one login. */
@Entity({ name: 'refresh_token' })
export class RefreshTokenEntity {
  @PrimaryColumn('text', { name: 'token_hash' }) tokenHash: string;
  @Column('text', { name: 'family_id' }) familyId: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('integer', { name: 'token_version' }) tokenVersion: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}

/** Consecutive failed sign-ins of one username (which need not exist). */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn('text') username: string;
  @Column('integer') failures: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil: Date | null;
  @Column('timestamptz', { name: 'last_failure_at' }) lastFailureAt: Date;
}

/** An API key by its SHA-256 hash; acts as its owner with one role. */
@Entity({ name: 'api_key' })
export class ApiKeyEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'key_hash' }) keyHash: string;
  @Column('text') prefix: string;
  @Column('text') name: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text') role: string;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}

export const CREDENTIAL_ENTITIES = [RefreshTokenEntity, LoginThrottleEntity, ApiKeyEntity];
