import { Injectable } from '@nestjs/common';
import type { AccessClaims } from './token-claims';
import { TtlCache } from './ttl-cache';

/** Distinct access tokens one gateway remembers as verified; beyond that the oldest is verified again. */
export const VERIFIED_TOKEN_ENTRIES = 10_000;
/** How long a verified token is remembered at most (it is never trusted past its own `exp`). */
export const VERIFIED_TOKEN_TTL_MS = 60_000;

/**
 * Access tokens whose signature, algorithm, issuer, audience and dates were checked, by their exact
 * text, with the claims we rely on: a client sending the same token again is not verified again
 * (HMAC and JSON parsing were a tenth of the gateway's CPU on reads). Only the cryptographic check
 * is skipped: whether the token still speaks for its user (token version, roles) is asked every time.
 */
@Injectable()
export class VerifiedTokens {
  private readonly cache = new TtlCache<string, AccessClaims>(VERIFIED_TOKEN_TTL_MS, VERIFIED_TOKEN_ENTRIES);

  /** The claims of a token verified before and not yet expired. */
  get(token: string, nowMs = Date.now()): AccessClaims | undefined {
    const claims = this.cache.get(token, nowMs);
    if (claims === undefined) return undefined;
    if (claims.exp * 1000 > nowMs) return claims;
    this.cache.delete(token);
    return undefined;
  }

  remember(token: string, claims: AccessClaims, nowMs = Date.now()): void {
    if (claims.exp * 1000 > nowMs) this.cache.set(token, claims, nowMs);
  }
}
