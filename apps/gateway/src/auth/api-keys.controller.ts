import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto, ListApiKeysQueryDto } from './api-keys.dto';
import { RequirePermission } from './auth.decorators';
import { displayPrefix, newCredential } from './credentials';

const ADMIN_ONLY = 'Needs api-keys:manage (role-admin only).';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  @Post()
  @RequirePermission(Permissions.apiKeysManage)
  @ApiOperation({
    summary: 'Create an API key for a user or service account',
    description:
      'The key (`sk_` + 43 random base62 characters) is in this response only; records stores its SHA-256. It acts as its owner ' +
      'with the one role given, which the owner must hold; if the owner later loses that role the key grants nothing, and ' +
      'deleting the owner deletes its keys. A new password of the owner does not affect its keys. Send it as ' +
      `\`X-API-Key: <key>\` or \`Authorization: Bearer <key>\`; revoked or expired keys answer 401. ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: CreateApiKeyDto })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'Unknown user (userId), unknown role or one the owner lacks (role, rule held-by-owner), expiry not in the future' })
  @ApiForbiddenResponse({ description: 'Role may not manage API keys' })
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const key = newCredential('apiKey');
    const created = await this.rpc.request('records.api-key.create', {
      userId: body.userId,
      name: body.name,
      role: body.role,
      ...(body.expiresAt !== undefined && { expiresAt: new Date(body.expiresAt).toISOString() }),
      keyHash: key.hash,
      prefix: displayPrefix(key.secret),
    });
    return { ...created, key: key.secret };
  }

  @Get()
  @RequirePermission(Permissions.apiKeysManage)
  @ApiOperation({ summary: 'List API keys', description: `Newest first, revoked and expired ones included; never the keys themselves. ${ADMIN_ONLY}` })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiBadRequestResponse({ description: 'Invalid offset, limit or unknown query parameter' })
  @ApiForbiddenResponse({ description: 'Role may not manage API keys' })
  list(@Query() query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    return this.rpc.request('records.api-key.list', { userId: query.userId, offset: query.offset, limit: query.limit });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permissions.apiKeysManage)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'The key answers 401 from then on (on every gateway within AUTH_USER_CACHE_MS, 5 s by default); it stays listed with revokedAt. ' +
      `Revoking a revoked key is a 204 too. ${ADMIN_ONLY}`,
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Role may not manage API keys' })
  @ApiNotFoundResponse({ description: 'Unknown key id' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.rpc.request('records.api-key.revoke', { id });
    this.authenticator.forgetAll();
  }
}
