import type { RoleId } from './roles';

/**
 * Refresh tokens and API keys travel between gateway and records only as SHA-256 hashes: the
 * gateway generates and hashes the secrets, records stores and looks up hashes.
 */

export interface IssueRefreshTokenRequest {
  userId: string;
  /** The token version the login saw; a change since (new password, roles) refuses the issue. */
  tokenVersion: number;
  tokenHash: string;
  expiresAt: string;
}

export interface RotateRefreshTokenRequest {
  tokenHash: string;
  /** The successor, same family, issued only when the presented token is live. */
  newTokenHash: string;
  expiresAt: string;
}

/** An API key as listed: never the key itself nor its hash. */
export interface ApiKeyDto {
  id: string;
  name: string;
  /** The user or service account the key acts as. */
  userId: string;
  /** The one role the key grants, capped by the owner's roles at each use. */
  role: RoleId;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyRequest {
  userId: string;
  name: string;
  role: RoleId;
  expiresAt?: string;
  keyHash: string;
  prefix: string;
}

export interface ApiKeyListQuery {
  userId?: string;
  offset: number;
  limit: number;
}

export interface ApiKeyPage {
  items: ApiKeyDto[];
  total: number;
}

export const API_KEY_LIST_DEFAULT_LIMIT = 50;
export const API_KEY_LIST_MAX_LIMIT = 500;

/** Whether a key may be used now: not revoked, not past its expiry. */
export function apiKeyUsable(key: Pick<ApiKeyDto, 'revokedAt' | 'expiresAt'>, now: Date): boolean {
  if (key.revokedAt !== null) return false;
  return key.expiresAt === null || Date.parse(key.expiresAt) > now.getTime();
}
