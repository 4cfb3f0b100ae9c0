import { apiKeyFrom, apiKeyRoles } from './api-key-access';

describe('apiKeyFrom', () => {
  it('reads X-API-Key', () => {
    expect(apiKeyFrom({ 'x-api-key': 'sk_abc' })).toBe('sk_abc');
    expect(apiKeyFrom({ 'x-api-key': '' })).toBe('');
  });

  it('reads a bearer value with the key prefix, and leaves JWTs to the token check', () => {
    expect(apiKeyFrom({ authorization: 'Bearer sk_abc' })).toBe('sk_abc');
    expect(apiKeyFrom({ authorization: 'bearer  sk_abc ' })).toBe('sk_abc');
    expect(apiKeyFrom({ authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x' })).toBeUndefined();
    expect(apiKeyFrom({ authorization: 'Basic c2tfYWJj' })).toBeUndefined();
    expect(apiKeyFrom({})).toBeUndefined();
  });

  it('prefers X-API-Key over the Authorization header', () => {
    expect(apiKeyFrom({ 'x-api-key': 'sk_one', authorization: 'Bearer sk_two' })).toBe('sk_one');
  });
});

describe('apiKeyRoles', () => {
  it("grants the key's role while the owner holds it, nothing once the owner lost it", () => {
    expect(apiKeyRoles('role-editor', ['role-editor', 'role-reviewer'])).toEqual(['role-editor']);
    expect(apiKeyRoles('role-editor', ['role-viewer'])).toEqual([]);
  });
});
