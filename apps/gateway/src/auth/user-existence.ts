import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

/**
 * Whether a token's user still exists (a deleted user's unexpired token is refused), asked of
 * records and cached per user id for AUTH_USER_CACHE_MS, so a deletion takes effect within that.
 */
@Injectable()
export class UserExistence {
  private readonly cache = new Map<string, { exists: boolean; until: number }>();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async exists(userId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.cache.get(userId);
    if (cached && cached.until > now) return cached.exists;
    let exists: boolean;
    try {
      await this.rpc.request('records.user.get', { id: userId });
      exists = true;
    } catch (error) {
      // Only "not found" means gone; an unavailable records service is a 503, not a 401.
      if (!(error instanceof DomainError) || error.code !== ErrorCodes.notFound) throw error;
      exists = false;
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(userId, { exists, until: now + this.config.AUTH_USER_CACHE_MS });
    return exists;
  }
}
