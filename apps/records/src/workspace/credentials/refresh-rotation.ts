/** What rotation needs to know of a stored refresh token. */
export interface StoredRefreshToken {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
  tokenVersion: number;
}

/**
 * live: may be exchanged for a successor. reused: it was rotated already, so a copy is in someone
 * else's hands. revoked: its family was logged out or caught. expired. stale: the user changed
 * password or roles since the login.
 */
export type RefreshVerdict = 'live' | 'reused' | 'revoked' | 'expired' | 'stale';

export function refreshVerdict(token: StoredRefreshToken, currentTokenVersion: number, now: Date): RefreshVerdict {
  if (token.revokedAt) return 'revoked';
  if (token.usedAt) return 'reused';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return token.tokenVersion === currentTokenVersion ? 'live' : 'stale';
}

/** A reused token means the chain leaked: the whole family goes, including the holder's newest token. */
export function revokesFamily(verdict: RefreshVerdict): boolean {
  return verdict === 'reused' || verdict === 'stale';
}

/** Live sessions (families) one user may hold; a login beyond it signs out the oldest. */
export const MAX_SESSIONS_PER_USER = 100;
