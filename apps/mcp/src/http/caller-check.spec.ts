import { CallerCheck } from './caller-check';

describe('CallerCheck', () => {
  let now = 0;
  const identify = jest.fn(async (credential: { value: string }) => {
    if (credential.value === 'bad') throw new Error('401');
    return { userId: `user-${credential.value}`, username: credential.value, roles: [] };
  });
  beforeEach(() => {
    now = 0;
    identify.mockClear();
  });

  it('asks the API once per credential within the TTL, again after it', async () => {
    const check = new CallerCheck(identify, 1000, 10, () => now);
    await check.check({ kind: 'bearer', value: 'a' });
    await check.check({ kind: 'bearer', value: 'a' });
    expect(identify).toHaveBeenCalledTimes(1);
    now = 1001;
    expect(await check.check({ kind: 'bearer', value: 'a' })).toEqual({ userId: 'user-a', username: 'a', roles: [] });
    expect(identify).toHaveBeenCalledTimes(2);
  });

  it('keeps the kind apart and never remembers a refusal', async () => {
    const check = new CallerCheck(identify, 1000, 10, () => now);
    await check.check({ kind: 'bearer', value: 'a' });
    await check.check({ kind: 'api-key', value: 'a' });
    await expect(check.check({ kind: 'bearer', value: 'bad' })).rejects.toThrow('401');
    await expect(check.check({ kind: 'bearer', value: 'bad' })).rejects.toThrow('401');
    expect(identify).toHaveBeenCalledTimes(4);
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const check = new CallerCheck(identify, 1000, 2, () => now);
    for (const value of ['a', 'b', 'c']) await check.check({ kind: 'bearer', value });
    await check.check({ kind: 'bearer', value: 'c' });
    await check.check({ kind: 'bearer', value: 'a' });
    expect(identify.mock.calls.map(([credential]) => credential.value)).toEqual(['a', 'b', 'c', 'a']);
  });
});
