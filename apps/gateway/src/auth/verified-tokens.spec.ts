import { VERIFIED_TOKEN_TTL_MS, VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const now = 1_800_000_000_000;
  const claims = (expInSeconds: number) => ({ sub: 'user-editor', tokenVersion: 1, exp: now / 1000 + expInSeconds });

  it('remembers a verified token by its exact text', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(600), now);
    expect(tokens.get('a.b.c', now + 1000)).toEqual(claims(600));
    expect(tokens.get('a.b.d', now + 1000)).toBeUndefined();
  });

  it('never answers for a token past its exp, even inside the remembering time', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(10), now);
    expect(tokens.get('a.b.c', now + 9_999)).toBeDefined();
    expect(tokens.get('a.b.c', now + 10_000)).toBeUndefined();
    tokens.remember('x.y.z', claims(-1), now);
    expect(tokens.get('x.y.z', now)).toBeUndefined();
  });

  it('verifies again after the remembering time', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims(3600), now);
    expect(tokens.get('a.b.c', now + VERIFIED_TOKEN_TTL_MS)).toBeUndefined();
  });
});
