import { revokesTokens } from './token-version';

describe('revokesTokens', () => {
  it('revokes on a new password, even with the same roles', () => {
    expect(revokesTokens({ currentRoles: ['role-editor'], passwordChanged: true })).toBe(true);
    expect(revokesTokens({ currentRoles: ['role-editor'], newRoles: ['role-editor'], passwordChanged: true })).toBe(true);
  });

  it('revokes when roles are added, removed or replaced', () => {
    expect(revokesTokens({ currentRoles: ['role-editor'], newRoles: ['role-viewer'], passwordChanged: false })).toBe(true);
    expect(revokesTokens({ currentRoles: ['role-editor'], newRoles: ['role-editor', 'role-reviewer'], passwordChanged: false })).toBe(true);
    expect(revokesTokens({ currentRoles: ['role-editor', 'role-reviewer'], newRoles: ['role-editor'], passwordChanged: false })).toBe(true);
  });

  it('does not revoke when the roles are the same set or not given', () => {
    expect(revokesTokens({ currentRoles: ['role-editor', 'role-viewer'], newRoles: ['role-viewer', 'role-editor'], passwordChanged: false })).toBe(false);
    expect(revokesTokens({ currentRoles: ['role-editor'], newRoles: ['role-editor', 'role-editor'], passwordChanged: false })).toBe(false);
    expect(revokesTokens({ currentRoles: ['role-editor'], passwordChanged: false })).toBe(false);
  });
});
