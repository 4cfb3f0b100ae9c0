import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Permissions, type UserDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { Principals } from '../auth/principals';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './users.dto';

const ADMIN_ONLY = 'Needs users:manage (role-admin only).';
const LAST_ADMIN =
  'The workspace always keeps at least one user with role-admin: removing that role from, or deleting, the last admin is a 409 ' +
  '`conflict` (rule last-admin).';
const TOKENS =
  'A new password or a different set of roles, like a deletion, revokes the tokens issued to the user before: they answer 401 ' +
  'on every gateway within AUTH_USER_CACHE_MS (5 s by default).';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly principals: Principals,
  ) {}

  @Get()
  @RequirePermission(Permissions.usersManage)
  @ApiOperation({ summary: 'List users', description: `Ordered by username. Responses never carry a password or its hash. ${ADMIN_ONLY}` })
  @ApiOkResponse({ type: [UserResponseDto] })
  @ApiForbiddenResponse({ description: 'Role may not manage users' })
  list(): Promise<UserDto[]> {
    return this.rpc.request('records.user.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.usersManage)
  @ApiOperation({ summary: 'Get a user', description: ADMIN_ONLY })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiForbiddenResponse({ description: 'Role may not manage users' })
  @ApiNotFoundResponse()
  get(@Param('id') id: string): Promise<UserDto> {
    return this.rpc.request('records.user.get', { id });
  }

  @Post()
  @RequirePermission(Permissions.usersManage)
  @ApiOperation({
    summary: 'Create a user',
    description:
      'The id is generated (`user-` plus 8 random base62 characters). Usernames are lowercase (letters, digits, `.`, `_`, `@`, `-`) ' +
      'and unique (409 when taken); passwords have at least 8 characters and are stored as salted scrypt hashes; roles are ' +
      'a non-empty list of known role ids. The user can sign in at POST /auth/token at once. With `serviceAccount: true` and ' +
      `no password it is a service account: it never signs in with a password and acts through API keys. ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: CreateUserDto })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid username, display name, password or roles (details name each field)' })
  @ApiForbiddenResponse({ description: 'Role may not manage users' })
  @ApiConflictResponse({ description: 'The username is taken' })
  create(@Body() body: CreateUserDto): Promise<UserDto> {
    return this.rpc.request('records.user.create', {
      username: body.username,
      displayName: body.displayName,
      password: body.password,
      roles: body.roles,
      serviceAccount: body.serviceAccount,
    });
  }

  @Put(':id')
  @RequirePermission(Permissions.usersManage)
  @ApiOperation({
    summary: 'Update a user',
    description:
      'Changes the fields given: display name, password (at least 8 characters), roles (the complete new list). The username ' +
      `cannot change. ${LAST_ADMIN} ${TOKENS} ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: UpdateUserDto })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid display name, password or roles' })
  @ApiForbiddenResponse({ description: 'Role may not manage users' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Would leave the workspace without an admin' })
  async update(@Param('id') id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    const user = await this.rpc.request('records.user.update', { id, displayName: body.displayName, password: body.password, roles: body.roles });
    this.principals.forget(id);
    return user;
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permissions.usersManage)
  @ApiOperation({
    summary: 'Delete a user',
    description: `The account can no longer sign in. Records keep the user id in createdBy/updatedBy. ${LAST_ADMIN} ${TOKENS} ${ADMIN_ONLY}`,
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Role may not manage users' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The last admin cannot be deleted' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.rpc.request('records.user.delete', { id });
    this.principals.forget(id);
  }
}
