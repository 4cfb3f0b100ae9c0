import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type PrincipalDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { TtlCache } from './ttl-cache';

/** Users whose principal one gateway keeps at a time; beyond that the oldest is asked again. */
export const PRINCIPAL_CACHE_ENTRIES = 10_000;

/**
 * A user's current roles and token version, asked of records and cached per user id for
 * AUTH_USER_CACHE_MS: a change of roles or password, or a deletion, reaches every gateway within
 * that time (at once on the gateway that made the change).
 */
@Injectable()
export class Principals {
  private readonly cache: TtlCache<string, Promise<PrincipalDto | null>>;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.cache = new TtlCache(config.AUTH_USER_CACHE_MS, PRINCIPAL_CACHE_ENTRIES);
  }

  /** The user's principal, or null when the user no longer exists. */
  get(userId: string): Promise<PrincipalDto | null> {
    return this.cache.getOrLoad(userId, () => this.load(userId));
  }

  /** Called after this gateway changed or deleted the user, so its own next request sees the change. */
  forget(userId: string): void {
    this.cache.delete(userId);
  }

  private async load(userId: string): Promise<PrincipalDto | null> {
    try {
      return await this.rpc.request('records.user.get-principal', { id: userId });
    } catch (error) {
      // Only "not found" means gone; an unavailable records service is a 503, not a 401.
      if (error instanceof DomainError && error.code === ErrorCodes.notFound) return null;
      throw error;
    }
  }
}
