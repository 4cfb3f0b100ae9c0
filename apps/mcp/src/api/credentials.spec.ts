import { claimsOf, credentialFromHeaders, credentialHeaders, loginCredential } from './credentials';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('credentials', () => {
  it('passes the caller\'s credential through as it came: X-API-Key, else Authorization: Bearer', () => {
    expect(credentialFromHeaders({ 'x-api-key': ' sk_1 ', authorization: 'Bearer t' })).toEqual({ kind: 'api-key', value: 'sk_1' });
    expect(credentialFromHeaders({ authorization: 'bearer abc.def.ghi' })).toEqual({ kind: 'bearer', value: 'abc.def.ghi' });
    expect(credentialFromHeaders({ authorization: 'Basic dXNlcg==' })).toBeUndefined();
    expect(credentialFromHeaders({ authorization: 'Bearer ' })).toBeUndefined();
    expect(credentialFromHeaders({})).toBeUndefined();
    expect(credentialHeaders({ kind: 'api-key', value: 'sk_1' })).toEqual({ 'x-api-key': 'sk_1' });
    expect(credentialHeaders({ kind: 'bearer', value: 't' })).toEqual({ authorization: 'Bearer t' });
  });

  it('reads the caller from a token\'s claims and nothing from an API key', () => {
    expect(claimsOf({ kind: 'bearer', value: jwt({ sub: 'user-agent', username: 'agent', roles: ['role-agent', 7] }) })).toEqual({
      userId: 'user-agent',
      username: 'agent',
      roles: ['role-agent'],
    });
    expect(claimsOf({ kind: 'bearer', value: 'opaque-key' })).toEqual({ roles: [] });
    expect(claimsOf({ kind: 'bearer', value: 'a.!!!.c' })).toEqual({ roles: [] });
    expect(claimsOf({ kind: 'api-key', value: jwt({ sub: 'x' }) })).toEqual({ roles: [] });
  });

  it('logs in once, again on renew, and retries a failed login on the next call', async () => {
    const answers = [Promise.reject(new Error('down')), Promise.resolve('t1'), Promise.resolve('t2')];
    const login = jest.fn(() => answers.shift()!);
    const source = loginCredential(login);
    await expect(source.current()).rejects.toThrow('down');
    expect(await source.current()).toEqual({ kind: 'bearer', value: 't1' });
    expect(await source.current()).toEqual({ kind: 'bearer', value: 't1' });
    expect(await source.renew()).toBe(true);
    expect(await source.current()).toEqual({ kind: 'bearer', value: 't2' });
    expect(login).toHaveBeenCalledTimes(3);
  });
});
