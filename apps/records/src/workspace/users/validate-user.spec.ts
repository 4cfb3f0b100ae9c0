import type { CreateUserRequest } from '@sigma/contracts';
import { validateNewUser, validateUserUpdate } from './validate-user';

const valid = (): CreateUserRequest => ({ username: 'jane.doe', displayName: 'Jane Doe', password: 'long-enough', roles: ['role-editor'] });
const fields = (request: CreateUserRequest) => validateNewUser(request).map((issue) => `${issue.field}:${issue.rule}`);

describe('validateNewUser', () => {
  it('accepts a sound account', () => {
    expect(validateNewUser(valid())).toEqual([]);
  });

  it('wants a lowercase username', () => {
    expect(fields({ ...valid(), username: 'Jane' })).toEqual(['username:pattern']);
    expect(fields({ ...valid(), username: '' })).toEqual(['username:required']);
    expect(fields({ ...valid(), username: 'jane_doe@example.com' })).toEqual([]);
  });

  it('wants a password of at least 8 characters', () => {
    expect(fields({ ...valid(), password: 'short' })).toEqual(['password:minLength']);
    expect(fields({ ...valid(), password: '12345678' })).toEqual([]);
  });

  it('wants no password, and no other, for a service account', () => {
    const bot = { username: 'bot', displayName: 'Bot', roles: ['role-agent'], serviceAccount: true } as CreateUserRequest;
    expect(validateNewUser(bot)).toEqual([]);
    expect(fields({ ...bot, password: 'long-enough' })).toEqual(['password:service-account']);
    expect(fields({ ...valid(), password: undefined })).toEqual(['password:type']);
    expect(fields({ ...valid(), serviceAccount: 'yes' as never })).toEqual(['serviceAccount:type']);
  });

  it('wants at least one known role', () => {
    expect(fields({ ...valid(), roles: [] })).toEqual(['roles:required']);
    expect(fields({ ...valid(), roles: ['role-editor', 'role-god' as never] })).toEqual(['roles[1]:exists']);
  });
});

describe('validateUserUpdate', () => {
  it('checks only what is given', () => {
    expect(validateUserUpdate({ id: 'user-x' })).toEqual([]);
    expect(validateUserUpdate({ id: 'user-x', password: 'short', roles: [] }).map((issue) => issue.field)).toEqual(['password', 'roles']);
    expect(validateUserUpdate({ id: 'user-x', displayName: ' ' }).map((issue) => issue.field)).toEqual(['displayName']);
  });
});
