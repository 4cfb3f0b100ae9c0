import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Or } from 'typeorm';
import {
  apiKeyUsable,
  type ApiKeyDto,
  type ApiKeyListQuery,
  type ApiKeyPage,
  type CreateApiKeyRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  type RoleId,
  type RpcContext,
} from '@sigma/contracts';
import { ApiKeyEntity } from '../../database/credential-entities';
import { UserEntity } from '../../database/entities';
import { issue } from '../validation-helpers';
import { LAST_USED_GRANULARITY_MS, shouldRecordUse, validateNewApiKey } from './api-key-rules';

/** API keys of users and service accounts, by hash; the gateway generates the keys and decides whether one may be used. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly dataSource: DataSource) {}

  async create(request: CreateApiKeyRequest, context: RpcContext): Promise<ApiKeyDto> {
    const owner = await this.dataSource.manager.findOneBy(UserEntity, { id: request.userId });
    const now = new Date();
    const issues = validateNewApiKey(request, owner, now);
    if (issues.length) throw DomainError.validation(issues);
    const key = this.dataSource.manager.create(ApiKeyEntity, {
      id: generateId(IdPrefixes.apiKey, 10),
      keyHash: request.keyHash,
      prefix: request.prefix,
      name: request.name,
      userId: request.userId,
      role: request.role,
      createdBy: context.actor?.userId ?? 'system',
      createdAt: now,
      expiresAt: request.expiresAt === undefined ? null : new Date(request.expiresAt),
      lastUsedAt: null,
      revokedAt: null,
    });
    try {
      await this.dataSource.manager.insert(ApiKeyEntity, key);
    } catch (error) {
      // The owner was deleted since the check above: the foreign key refuses the key.
      if ((error as { code?: string } | null)?.code === '23503') throw DomainError.validation([issue('userId', 'exists', 'no such user or service account')]);
      throw error;
    }
    return toApiKeyDto(key);
  }

  /** Newest first, revoked and expired keys included. */
  async list(query: ApiKeyListQuery): Promise<ApiKeyPage> {
    const [keys, total] = await this.dataSource.manager.findAndCount(ApiKeyEntity, {
      where: query.userId === undefined ? {} : { userId: query.userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return { items: keys.map(toApiKeyDto), total };
  }

  async revoke(id: string): Promise<ApiKeyDto> {
    await this.dataSource.manager.update(ApiKeyEntity, { id, revokedAt: IsNull() }, { revokedAt: new Date() });
    const key = await this.dataSource.manager.findOneBy(ApiKeyEntity, { id });
    if (!key) throw DomainError.notFound('API key', id);
    return toApiKeyDto(key);
  }

  /** The key with this hash; a use is written down at most once a minute (the condition holds across replicas). */
  async resolve(keyHash: string): Promise<ApiKeyDto> {
    const key = await this.dataSource.manager.findOneBy(ApiKeyEntity, { keyHash });
    if (!key) throw new DomainError(ErrorCodes.notFound, 'No such API key');
    const now = new Date();
    const dto = toApiKeyDto(key);
    if (!apiKeyUsable(dto, now) || !shouldRecordUse(key.lastUsedAt, now)) return dto;
    const stale = new Date(now.getTime() - LAST_USED_GRANULARITY_MS);
    await this.dataSource.manager.update(ApiKeyEntity, { id: key.id, lastUsedAt: Or(IsNull(), LessThan(stale)) }, { lastUsedAt: now });
    return { ...dto, lastUsedAt: now.toISOString() };
  }
}

function toApiKeyDto(key: ApiKeyEntity): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    userId: key.userId,
    role: key.role as RoleId,
    prefix: key.prefix,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
