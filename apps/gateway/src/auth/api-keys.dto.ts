import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ALL_ROLES, API_KEY_LIST_DEFAULT_LIMIT, API_KEY_LIST_MAX_LIMIT, type RoleId } from '@sigma/contracts';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'user-7Hk2mP9q', description: 'The user or service account the key acts as' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  userId: string;

  @ApiProperty({ example: 'ERP nightly sync', maxLength: 200, description: 'What the key is for, shown in lists' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ALL_ROLES, example: 'role-agent', description: "The one role the key grants; the owner must hold it, and the key loses it when the owner does" })
  @IsIn(ALL_ROLES, { message: `role must be one of: ${ALL_ROLES.join(', ')}` })
  role: RoleId;

  @ApiPropertyOptional({ example: '2027-06-30T00:00:00.000Z', format: 'date-time', description: 'After this instant the key answers 401; no expiry when omitted' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 timestamp' })
  expiresAt?: string;
}

export class ListApiKeysQueryDto {
  @ApiPropertyOptional({ example: 'user-7Hk2mP9q', description: 'Only the keys of this user or service account' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  userId?: string;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;

  @ApiPropertyOptional({ type: 'integer', default: API_KEY_LIST_DEFAULT_LIMIT, minimum: 1, maximum: API_KEY_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(API_KEY_LIST_MAX_LIMIT)
  limit = API_KEY_LIST_DEFAULT_LIMIT;
}

/** An API key as listed: never the key itself nor its hash. */
export class ApiKeyResponseDto {
  @ApiProperty({ example: 'key_4fQk2mP9qX' })
  id: string;

  @ApiProperty({ example: 'ERP nightly sync' })
  name: string;

  @ApiProperty({ example: 'user-7Hk2mP9q' })
  userId: string;

  @ApiProperty({ enum: ALL_ROLES, example: 'role-agent' })
  role: RoleId;

  @ApiProperty({ example: 'sk_4fQk2mP', description: 'The first 10 characters of the key, to tell keys apart' })
  prefix: string;

  @ApiProperty({ example: 'user-admin', description: 'The admin who created the key' })
  createdBy: string;

  @ApiProperty({ example: '2026-12-01T10:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, example: null, format: 'date-time' })
  expiresAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-02T08:00:00.000Z', format: 'date-time', description: 'Written at most once a minute' })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, format: 'date-time' })
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyResponseDto {
  @ApiProperty({
    example: 'sk_4fQk2mP9qXb7LwZ0cVt8RyN3sHa6JdE1uGo5KiM2pTl',
    description: 'The key itself, shown this once: only its SHA-256 is stored. Send it as `X-API-Key: <key>` or `Authorization: Bearer <key>`',
  })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyResponseDto] })
  items: ApiKeyResponseDto[];

  @ApiProperty({ example: 1 })
  total: number;
}

export class MeResponseDto {
  @ApiProperty({ example: 'user-editor', description: 'The id that requestedBy and authorId must equal' })
  id: string;

  @ApiProperty({ example: 'editor' })
  username: string;

  @ApiProperty({ example: 'Catalog Editor' })
  displayName: string;

  @ApiProperty({ type: [String], enum: ALL_ROLES, example: ['role-editor'], description: 'What this request may do: the user\'s roles, or an API key\'s role capped by them' })
  roles: RoleId[];

  @ApiProperty({ enum: ['jwt', 'api-key'], example: 'jwt' })
  authType: 'jwt' | 'api-key';

  @ApiProperty({ example: false })
  serviceAccount: boolean;

  @ApiPropertyOptional({ example: 'key_4fQk2mP9qX', description: 'The key used, when authType is api-key' })
  apiKeyId?: string;
}
