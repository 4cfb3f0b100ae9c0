import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type Actor,
  type CreateUserRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  type RoleId,
  type UpdateUserRequest,
  type UserDto,
} from '@sigma/contracts';
import { UserEntity } from '../../database/entities';
import { toUserDto } from '../mappers';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<UserDto[]> {
    const users = await this.dataSource.manager.find(UserEntity, { order: { username: 'ASC' } });
    return users.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    return toUserDto(await this.require(id));
  }

  async create(request: CreateUserRequest): Promise<UserDto> {
    const id = request.id ?? generateId(IdPrefixes.user, 8);
    if (await this.dataSource.manager.existsBy(UserEntity, { id })) {
      throw DomainError.conflict(`User id '${id}' is taken`, { field: 'id' });
    }
    const now = new Date();
    const user = this.dataSource.manager.create(UserEntity, {
      id,
      username: request.username,
      displayName: request.displayName,
      passwordHash: await hashPassword(request.password),
      roles: request.roles,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.dataSource.manager.insert(UserEntity, user);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw DomainError.conflict(`Username '${request.username}' is taken`, { field: 'username' });
      }
      throw error;
    }
    return toUserDto(user);
  }

  async update(request: UpdateUserRequest): Promise<UserDto> {
    const user = await this.require(request.id);
    if (request.displayName !== undefined) user.displayName = request.displayName;
    if (request.roles !== undefined) user.roles = request.roles;
    if (request.password !== undefined) user.passwordHash = await hashPassword(request.password);
    user.updatedAt = new Date();
    await this.dataSource.manager.save(UserEntity, user);
    return toUserDto(user);
  }

  async delete(id: string): Promise<{ deleted: true }> {
    const result = await this.dataSource.manager.delete(UserEntity, { id });
    if (!result.affected) throw DomainError.notFound('User', id);
    return { deleted: true };
  }

  /** Checks credentials. Unknown user and wrong password fail alike, in about the same time. */
  async authenticate(username: string, password: string): Promise<Actor & { username: string }> {
    const user = await this.dataSource.manager.findOneBy(UserEntity, { username });
    const valid = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
    if (!user || !valid) throw new DomainError(ErrorCodes.unauthorized, 'Invalid username or password');
    return { userId: user.id, username: user.username, roles: user.roles as RoleId[] };
  }

  private async require(id: string): Promise<UserEntity> {
    const user = await this.dataSource.manager.findOneBy(UserEntity, { id });
    if (!user) throw DomainError.notFound('User', id);
    return user;
  }
}
