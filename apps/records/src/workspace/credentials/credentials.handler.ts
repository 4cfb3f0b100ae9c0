import { Injectable } from '@nestjs/common';
import type { RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { RefreshTokensService } from './refresh-tokens.service';

@Injectable()
export class CredentialsHandler {
  constructor(private readonly refreshTokens: RefreshTokensService) {}

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
}
