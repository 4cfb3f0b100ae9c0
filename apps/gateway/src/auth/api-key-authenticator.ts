import { Inject, Injectable } from '@nestjs/common';
import { type Actor, type ApiKeyDto, apiKeyUsable, DomainError, ErrorCodes } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { apiKeyRoles } from './api-key-access';
import { hashCredential, isCredential } from './credentials';
import { Principals } from './principals';
import { TtlCache } from './ttl-cache';

/** Keys one gateway keeps at a time (unknown ones included, so guessing costs no lookup twice). */
export const API_KEY_CACHE_ENTRIES = 10_000;

export interface ApiKeyCaller {
  actor: Actor;
  keyId: string;
}

/**
 * Authenticates API keys: shape checked locally, key looked up by its SHA-256 and cached for
 * AUTH_USER_CACHE_MS (a revocation elsewhere takes effect within it; on this gateway at once),
 * expiry checked at each request, rights capped by the owner's current roles.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache: TtlCache<string, Promise<ApiKeyDto | null>>;

  constructor(
    private readonly rpc: RpcClient,
    private readonly principals: Principals,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.cache = new TtlCache(config.AUTH_USER_CACHE_MS, API_KEY_CACHE_ENTRIES);
  }

  async authenticate(key: string): Promise<ApiKeyCaller> {
    if (!isCredential('apiKey', key)) throw invalidApiKey();
    const hash = hashCredential(key);
    const stored = await this.cache.getOrLoad(hash, () => this.load(hash));
    if (!stored || !apiKeyUsable(stored, new Date())) throw invalidApiKey();
    const owner = await this.principals.get(stored.userId);
    if (!owner) throw invalidApiKey();
    return { actor: { userId: owner.id, roles: apiKeyRoles(stored.role, owner.roles) }, keyId: stored.id };
  }

  /** After a revocation on this gateway: keys are few and revocations rare, so all are asked again. */
  forgetAll(): void {
    this.cache.deleteWhere(() => true);
  }

  private async load(keyHash: string): Promise<ApiKeyDto | null> {
    try {
      return await this.rpc.request('records.api-key.resolve', { keyHash });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.notFound) return null;
      throw error;
    }
  }
}

function invalidApiKey(): DomainError {
  return new DomainError(ErrorCodes.unauthorized, 'Invalid, expired or revoked API key');
}
