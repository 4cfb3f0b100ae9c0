import { shouldRecordUse, validateNewApiKey } from './api-key-rules';

const now = new Date('2026-12-01T12:00:00Z');
const owner = { roles: ['role-editor', 'role-viewer'] };
const fields = (key: Parameters<typeof validateNewApiKey>[0], who: { roles: string[] } | null = owner) =>
  validateNewApiKey(key, who, now).map((found) => `${found.field}:${found.rule}`);

describe('validateNewApiKey', () => {
  it('accepts a named key with a role the owner holds, with or without a future expiry', () => {
    expect(fields({ name: 'ERP sync', role: 'role-viewer' })).toEqual([]);
    expect(fields({ name: 'ERP sync', role: 'role-editor', expiresAt: '2026-12-31T00:00:00Z' })).toEqual([]);
  });

  it('caps the role by the owner: a role the owner lacks is refused', () => {
    expect(fields({ name: 'x', role: 'role-admin' })).toEqual(['role:held-by-owner']);
  });

  it('names each broken field', () => {
    expect(fields({ name: ' ', role: 'role-root' })).toEqual(['name:required', 'role:exists']);
    expect(fields({ name: 'x', role: 'role-viewer' }, null)).toEqual(['userId:exists']);
    expect(fields({ name: 'x', role: 'role-viewer', expiresAt: 'soon' })).toEqual(['expiresAt:format']);
    expect(fields({ name: 'x', role: 'role-viewer', expiresAt: '2026-12-01T12:00:00Z' })).toEqual(['expiresAt:future']);
  });
});

describe('shouldRecordUse', () => {
  it('writes a first use, then at most once a minute', () => {
    expect(shouldRecordUse(null, now)).toBe(true);
    expect(shouldRecordUse(new Date(now.getTime() - 59_999), now)).toBe(false);
    expect(shouldRecordUse(new Date(now.getTime() - 60_000), now)).toBe(true);
  });
});
