import type { PrincipalDto } from '@sigma/contracts';
import { readAccessClaims, tokenSpeaksFor } from './token-claims';

const claims = { sub: 'user-jane', exp: 2_000_000_000, tokenVersion: 3, roles: ['role-admin'] };
const principal: PrincipalDto = { id: 'user-jane', username: 'jane', displayName: 'Jane', roles: ['role-viewer'], tokenVersion: 3, serviceAccount: false };

describe('readAccessClaims', () => {
  it('reads subject, exp and token version', () => {
    expect(readAccessClaims(claims)).toEqual({ sub: 'user-jane', exp: 2_000_000_000, tokenVersion: 3 });
  });

  it.each([
    ['no exp', { ...claims, exp: undefined }],
    ['a string exp', { ...claims, exp: '2000000000' }],
    ['no token version', { ...claims, tokenVersion: undefined }],
    ['a fractional token version', { ...claims, tokenVersion: 1.5 }],
    ['no subject', { ...claims, sub: undefined }],
    ['an empty subject', { ...claims, sub: '' }],
  ])('refuses a token with %s', (_, given) => {
    expect(readAccessClaims(given)).toBeNull();
  });
});

describe('tokenSpeaksFor', () => {
  const read = readAccessClaims(claims)!;

  it('accepts the token of an unchanged user', () => {
    expect(tokenSpeaksFor(read, principal)).toBe(true);
  });

  it('refuses it once the user changed roles or password (a newer version), or is gone', () => {
    expect(tokenSpeaksFor(read, { ...principal, tokenVersion: 4 })).toBe(false);
    expect(tokenSpeaksFor(read, null)).toBe(false);
  });

  it('refuses any access token of a service account (it signs in with API keys only)', () => {
    expect(tokenSpeaksFor(read, { ...principal, serviceAccount: true })).toBe(false);
  });

  it('refuses a version from the future and a principal of another user', () => {
    expect(tokenSpeaksFor(read, { ...principal, tokenVersion: 2 })).toBe(false);
    expect(tokenSpeaksFor(read, { ...principal, id: 'user-other' })).toBe(false);
  });
});
