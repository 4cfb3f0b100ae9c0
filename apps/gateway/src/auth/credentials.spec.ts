import { createHash } from 'node:crypto';
import { displayPrefix, hashCredential, isCredential, newCredential } from './credentials';

describe('credentials', () => {
  it('issues a prefixed 43-character base62 secret and its SHA-256', () => {
    const key = newCredential('apiKey');
    expect(key.secret).toMatch(/^sk_[0-9A-Za-z]{43}$/);
    expect(key.hash).toBe(createHash('sha256').update(key.secret).digest('hex'));
    expect(newCredential('refreshToken').secret).toMatch(/^rt_[0-9A-Za-z]{43}$/);
  });

  it('never issues the same secret twice', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => newCredential('apiKey').secret));
    expect(secrets.size).toBe(200);
  });

  it('recognises only the exact shape of its own kind', () => {
    const key = newCredential('apiKey').secret;
    expect(isCredential('apiKey', key)).toBe(true);
    expect(isCredential('refreshToken', key)).toBe(false);
    expect(isCredential('apiKey', key.slice(0, -1))).toBe(false);
    expect(isCredential('apiKey', `${key}x`)).toBe(false);
    expect(isCredential('apiKey', `${key.slice(0, -1)}-`)).toBe(false);
    expect(isCredential('apiKey', 'eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
  });

  it('hashes deterministically and shows only a short prefix', () => {
    expect(hashCredential('sk_abc')).toBe(hashCredential('sk_abc'));
    expect(hashCredential('sk_abc')).not.toBe(hashCredential('sk_abd'));
    expect(displayPrefix('sk_0123456789abcdef')).toBe('sk_0123456');
  });
});
