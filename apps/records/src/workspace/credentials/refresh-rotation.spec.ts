import { refreshVerdict, revokesFamily, type StoredRefreshToken } from './refresh-rotation';

const now = new Date('2026-12-01T12:00:00Z');
const live = (): StoredRefreshToken => ({ usedAt: null, revokedAt: null, expiresAt: new Date('2026-12-02T00:00:00Z'), tokenVersion: 2 });

describe('refreshVerdict', () => {
  it('a fresh, unexpired token of an unchanged user is live', () => {
    expect(refreshVerdict(live(), 2, now)).toBe('live');
  });

  it('a token used once already is reused, and that revokes its family', () => {
    const verdict = refreshVerdict({ ...live(), usedAt: new Date('2026-12-01T11:00:00Z') }, 2, now);
    expect(verdict).toBe('reused');
    expect(revokesFamily(verdict)).toBe(true);
  });

  it('a revoked token stays revoked, even if it was also used', () => {
    expect(refreshVerdict({ ...live(), revokedAt: now, usedAt: now }, 2, now)).toBe('revoked');
    expect(revokesFamily('revoked')).toBe(false);
  });

  it('expires at its expiry instant', () => {
    expect(refreshVerdict({ ...live(), expiresAt: now }, 2, now)).toBe('expired');
    expect(revokesFamily('expired')).toBe(false);
  });

  it('is stale once the user changed password or roles (another token version), and that revokes the family', () => {
    expect(refreshVerdict(live(), 3, now)).toBe('stale');
    expect(revokesFamily('stale')).toBe(true);
  });
});
