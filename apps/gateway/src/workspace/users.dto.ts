import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  ALL_ROLES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type RoleId,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
} from '@sigma/contracts';

const ROLES_DESCRIPTION = `At least one, each a known role id (${ALL_ROLES.join(', ')})`;

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Catalog Editor', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password', description: 'Sets a new password' })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ type: [String], enum: ALL_ROLES, example: ['role-editor'], description: `Replaces the roles. ${ROLES_DESCRIPTION}` })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsIn(ALL_ROLES, { each: true, message: `each role must be one of: ${ALL_ROLES.join(', ')}` })
  roles?: RoleId[];
}

export class CreateUserDto {
  @ApiProperty({
    example: 'jane.doe',
    pattern: USERNAME_PATTERN.source,
    maxLength: USERNAME_MAX_LENGTH,
    description: 'Lowercase letters, digits and . _ @ -; unique',
  })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be lowercase letters, digits and . _ @ -, starting with a letter or digit' })
  @MaxLength(USERNAME_MAX_LENGTH)
  username: string;

  @ApiProperty({ example: 'Jane Doe', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiPropertyOptional({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    format: 'password',
    example: 'correct-horse-battery',
    description: 'Required for a person; never given for a service account',
  })
  @ValidateIf((user: CreateUserDto) => user.serviceAccount !== true)
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A machine account: no password, never signs in with one; acts through API keys (POST /api-keys)',
  })
  @IsOptional()
  @IsBoolean()
  serviceAccount?: boolean;

  @ApiProperty({ type: [String], enum: ALL_ROLES, example: ['role-editor'], description: ROLES_DESCRIPTION })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsIn(ALL_ROLES, { each: true, message: `each role must be one of: ${ALL_ROLES.join(', ')}` })
  roles: RoleId[];
}

/** What the API shows of an account: never a password or its hash. */
export class UserResponseDto {
  @ApiProperty({ example: 'user-7Hk2mP9q' })
  id: string;

  @ApiProperty({ example: 'jane.doe' })
  username: string;

  @ApiProperty({ example: 'Jane Doe' })
  displayName: string;

  @ApiProperty({ type: [String], enum: ALL_ROLES, example: ['role-editor'] })
  roles: RoleId[];

  @ApiProperty({ example: false, description: 'A machine account: no password, API keys only' })
  serviceAccount: boolean;

  @ApiProperty({ example: '2024-01-15T10:30:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2024-01-15T10:30:00.000Z' })
  updatedAt: string;
}
