import { createHash } from 'node:crypto';
import type { Caller } from '../api/sigma-api';
import type { Credential } from '../api/credentials';

/**
 * Remembers for a short while which credentials the API accepted, so a session's every MCP request
 * is authenticated without an extra API round trip each time. Only acceptances are kept: a revoked
 * key still fails every tool call at once (the API checks each call), and at most `ttlMs` later
 * here too. Bounded: the oldest entry leaves when full.
 */
export class CallerCheck {
  private readonly accepted = new Map<string, { caller: Caller; until: number }>();

  constructor(
    private readonly identify: (credential: Credential) => Promise<Caller>,
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async check(credential: Credential): Promise<Caller> {
    const key = createHash('sha256').update(`${credential.kind}\0${credential.value}`).digest('hex');
    const hit = this.accepted.get(key);
    if (hit && hit.until > this.now()) return hit.caller;
    this.accepted.delete(key);
    const caller = await this.identify(credential);
    if (this.accepted.size >= this.maxEntries) this.accepted.delete(this.accepted.keys().next().value as string);
    this.accepted.set(key, { caller, until: this.now() + this.ttlMs });
    return caller;
  }
}
