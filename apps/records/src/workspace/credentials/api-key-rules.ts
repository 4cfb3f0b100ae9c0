import { isRoleId, type ValidationIssue } from '@sigma/contracts';
import { checkName, issue } from '../validation-helpers';

/** lastUsedAt is written at most this often per key, so using a key costs no write per request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

export interface NewApiKey {
  name: unknown;
  role: unknown;
  expiresAt?: unknown;
}

/**
 * A new key: a name, a known role the owner holds (a key never grants more than its owner), and
 * an optional expiry in the future. `owner` is null when the user id names nobody.
 */
export function validateNewApiKey(key: NewApiKey, owner: { roles: readonly string[] } | null, now: Date): ValidationIssue[] {
  const issues = [...checkName(key.name, 'name')];
  if (!owner) issues.push(issue('userId', 'exists', 'no such user or service account'));
  if (typeof key.role !== 'string' || !isRoleId(key.role)) issues.push(issue('role', 'exists', `unknown role '${String(key.role)}'`));
  else if (owner && !owner.roles.includes(key.role)) issues.push(issue('role', 'held-by-owner', `the owner does not hold ${key.role}`));
  if (key.expiresAt !== undefined) {
    const at = typeof key.expiresAt === 'string' ? Date.parse(key.expiresAt) : Number.NaN;
    if (Number.isNaN(at)) issues.push(issue('expiresAt', 'format', 'must be an ISO 8601 timestamp'));
    else if (at <= now.getTime()) issues.push(issue('expiresAt', 'future', 'must be in the future'));
  }
  return issues;
}

/** Whether a use should be written down: never used, or last written a minute or more ago. */
export function shouldRecordUse(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS;
}
