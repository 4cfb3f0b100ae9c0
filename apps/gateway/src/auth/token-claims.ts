import type { PrincipalDto } from '@sigma/contracts';

/** The claims an access token must carry for the gateway to consider it (signature, iss, aud, exp already verified). */
export interface AccessClaims {
  sub: string;
  exp: number;
  tokenVersion: number;
}

/** The claims we rely on, or null when the token is not the shape we issue: no subject, no `exp`, no token version. */
export function readAccessClaims(claims: Record<string, unknown>): AccessClaims | null {
  const { sub, exp, tokenVersion } = claims;
  if (typeof sub !== 'string' || sub.length === 0) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  if (typeof tokenVersion !== 'number' || !Number.isInteger(tokenVersion)) return null;
  return { sub, exp, tokenVersion };
}

/**
 * Whether a token still speaks for its user: the user exists and has not changed roles or password
 * since (its token version is the one the token was issued under). Roles come from the principal,
 * never from the token. A service account never signs in, so no access token speaks for one.
 */
export function tokenSpeaksFor(claims: AccessClaims, principal: PrincipalDto | null): principal is PrincipalDto {
  return principal !== null && !principal.serviceAccount && principal.id === claims.sub && principal.tokenVersion === claims.tokenVersion;
}
