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
