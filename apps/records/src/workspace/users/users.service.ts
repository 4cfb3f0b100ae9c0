import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AuthenticatedUser,
  type CreateUserRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  type PrincipalDto,
  type RoleId,
  Roles,
  type UpdateUserRequest,
  type UserDto,
  type WorkspaceConflict,
} from '@sigma/contracts';
import { UserEntity } from '../../database/entities';
import { toUserDto } from '../mappers';
import { isUniqueViolation } from '../workspace-locks';
import { LoginThrottleStore } from './login-throttle.store';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';
import { revokesTokens } from './token-version';
import { checkNoPassword, validateNewUser, validateUserUpdate } from './validate-user';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottleStore,
  ) {}

  async list(): Promise<UserDto[]> {
    const users = await this.dataSource.manager.find(UserEntity, { order: { username: 'ASC' } });
    return users.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.require(id));
  }

  /** What the gateway checks a credential against: current roles and token version. */
  async getPrincipal(id: string): Promise<PrincipalDto> {
    const user = await this.require(id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles as RoleId[],
      tokenVersion: user.tokenVersion,
      serviceAccount: user.serviceAccount,
    };
  }

  async create(request: CreateUserRequest): Promise<UserDto> {
    const issues = validateNewUser(request);
    if (issues.length) throw DomainError.validation(issues);
    const id = request.id ?? generateId(IdPrefixes.user, 8);
    if (await this.dataSource.manager.existsBy(UserEntity, { id })) {
      throw DomainError.conflict(`User id '${id}' is taken`, { field: 'id' });
    }
    if (await this.dataSource.manager.existsBy(UserEntity, { username: request.username })) throw usernameTaken(request.username);
    const now = new Date();
    const user = this.dataSource.manager.create(UserEntity, {
      id,
      username: request.username,
      displayName: request.displayName,
      // A service account's hash matches no password: it signs in with API keys only.
      passwordHash: request.serviceAccount ? UNUSABLE_HASH : await hashPassword(request.password ?? ''),
      roles: distinct(request.roles),
      tokenVersion: 1,
      serviceAccount: request.serviceAccount === true,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.dataSource.manager.insert(UserEntity, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw usernameTaken(request.username);
      throw error;
    }
    return toUserDto(user);
  }

  /**
   * Changes display name, password and/or roles. The last admin cannot lose the admin role (409).
   * A new password or a different set of roles bumps the token version: earlier tokens stop working.
   */
  async update(request: UpdateUserRequest): Promise<UserDto> {
    const issues = validateUserUpdate(request);
    if (issues.length) throw DomainError.validation(issues);
    const passwordHash = request.password !== undefined ? await hashPassword(request.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      await lockAdmins(manager);
      const user = await this.require(request.id, manager);
      if (user.serviceAccount) {
        const issues = checkNoPassword(request.password);
        if (issues.length) throw DomainError.validation(issues);
      }
      if (revokesTokens({ currentRoles: user.roles, newRoles: request.roles, passwordChanged: passwordHash !== undefined })) {
        user.tokenVersion += 1;
      }
      if (request.roles !== undefined) {
        const roles = distinct(request.roles);
        if (isAdmin(user.roles) && !isAdmin(roles)) await ensureAnotherAdmin(manager, user.id, 'roles');
        user.roles = roles;
      }
      if (request.displayName !== undefined) user.displayName = request.displayName;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      user.updatedAt = new Date();
      await manager.save(UserEntity, user);
      return toUserDto(user);
    });
  }

  /** Deletes an account. The last admin cannot be deleted (409), so the workspace keeps someone who can manage it. */
  async delete(id: string): Promise<{ deleted: true }> {
    return this.dataSource.transaction(async (manager) => {
      await lockAdmins(manager);
      const user = await this.require(id, manager);
      if (isAdmin(user.roles)) await ensureAnotherAdmin(manager, user.id, 'id');
      await manager.delete(UserEntity, { id });
      return { deleted: true };
    });
  }

  /**
   * Checks credentials. Unknown user and wrong password fail alike, in about the same time, and
   * count alike against the username's sign-in throttle (429 while locked, password unchecked).
   */
  async authenticate(username: string, password: string): Promise<AuthenticatedUser> {
    const { hasFailures } = await this.throttle.ensureNotLocked(username);
    const user = await this.dataSource.manager.findOneBy(UserEntity, { username });
    const valid = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !valid || user.serviceAccount) {
      await this.throttle.recordFailure(username);
      throw new DomainError(ErrorCodes.unauthorized, 'Invalid username or password');
    }
    if (hasFailures) await this.throttle.reset(username);
    return { userId: user.id, username: user.username, roles: user.roles as RoleId[], tokenVersion: user.tokenVersion };
  }

  private async require(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await manager.findOneBy(UserEntity, { id });
    if (!user) throw DomainError.notFound('User', id);
    return user;
  }
}

/** Serialises changes that could remove an admin, so two of them cannot both remove "the other" last admin. */
async function lockAdmins(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('records:user-admins'))`);
}

async function ensureAnotherAdmin(manager: EntityManager, userId: string, field: string): Promise<void> {
  const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM app_user WHERE $1 = ANY(roles) AND id <> $2`, [
    Roles.admin,
    userId,
  ])) as { count: number }[];
  if (count > 0) return;
  const conflict: WorkspaceConflict = {
    field,
    rule: 'last-admin',
    message: `'${userId}' is the last user with ${Roles.admin}; give another user that role first`,
  };
  throw DomainError.conflict(`User '${userId}' is the workspace's last admin`, [conflict]);
}

function isAdmin(roles: readonly string[]): boolean {
  return roles.includes(Roles.admin);
}

function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function usernameTaken(username: string): DomainError {
  return DomainError.conflict(`Username '${username}' is taken`, { field: 'username', username });
}
