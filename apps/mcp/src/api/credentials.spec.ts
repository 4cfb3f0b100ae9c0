import { credentialAuth, credentialFromHeaders, loginAuth } from './credentials';

describe('credentials', () => {
  it('passes the caller\'s credential through as it came: X-API-Key, else Authorization: Bearer', () => {
    expect(credentialFromHeaders({ 'x-api-key': ' sk_1 ', authorization: 'Bearer t' })).toEqual({ kind: 'api-key', value: 'sk_1' });
    expect(credentialFromHeaders({ authorization: 'bearer abc.def.ghi' })).toEqual({ kind: 'bearer', value: 'abc.def.ghi' });
    expect(credentialFromHeaders({ authorization: 'Basic dXNlcg==' })).toBeUndefined();
    expect(credentialFromHeaders({ authorization: 'Bearer ' })).toBeUndefined();
    expect(credentialFromHeaders({})).toBeUndefined();
    expect(credentialAuth({ kind: 'api-key', value: 'sk_1' })).toEqual({ apiKey: 'sk_1' });
    expect(credentialAuth({ kind: 'bearer', value: 't' })).toEqual({ token: 't' });
  });

  it('signs in once, again on renew, and retries a failed sign-in on the next call', async () => {
    const answers = [Promise.reject(new Error('down')), Promise.resolve('t1'), Promise.resolve('t2')];
    const login = jest.fn(() => answers.shift()!);
    const auth = loginAuth(login);
    await expect(auth.token()).rejects.toThrow('down');
    expect(await auth.token()).toBe('t1');
    expect(await auth.token()).toBe('t1');
    expect(await auth.renewToken!()).toBe(true);
    expect(await auth.token()).toBe('t2');
    expect(login).toHaveBeenCalledTimes(3);
  });
});
