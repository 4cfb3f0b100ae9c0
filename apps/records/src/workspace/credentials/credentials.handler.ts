import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { ApiKeysService } from './api-keys.service';
import { RefreshTokensService } from './refresh-tokens.service';

@Injectable()
export class CredentialsHandler {
  constructor(
    private readonly refreshTokens: RefreshTokensService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @RpcHandler('records.refresh-token.issue')
  issueRefreshToken(request: RpcRequest<'records.refresh-token.issue'>): Promise<RpcResponse<'records.refresh-token.issue'>> {
    return this.refreshTokens.issue(request);
  }

  @RpcHandler('records.refresh-token.rotate')
  rotateRefreshToken(request: RpcRequest<'records.refresh-token.rotate'>): Promise<RpcResponse<'records.refresh-token.rotate'>> {
    return this.refreshTokens.rotate(request);
  }

  @RpcHandler('records.refresh-token.revoke')
  revokeRefreshToken({ tokenHash }: RpcRequest<'records.refresh-token.revoke'>): Promise<RpcResponse<'records.refresh-token.revoke'>> {
    return this.refreshTokens.revoke(tokenHash);
  }

  @RpcHandler('records.api-key.create')
  createApiKey(request: RpcRequest<'records.api-key.create'>, context: RpcContext): Promise<RpcResponse<'records.api-key.create'>> {
    return this.apiKeys.create(request, context);
  }

  @RpcHandler('records.api-key.list')
  listApiKeys(query: RpcRequest<'records.api-key.list'>): Promise<RpcResponse<'records.api-key.list'>> {
    return this.apiKeys.list(query);
  }

  @RpcHandler('records.api-key.revoke')
  revokeApiKey({ id }: RpcRequest<'records.api-key.revoke'>): Promise<RpcResponse<'records.api-key.revoke'>> {
    return this.apiKeys.revoke(id);
  }

  @RpcHandler('records.api-key.resolve')
  resolveApiKey({ keyHash }: RpcRequest<'records.api-key.resolve'>): Promise<RpcResponse<'records.api-key.resolve'>> {
    return this.apiKeys.resolve(keyHash);
  }
}
