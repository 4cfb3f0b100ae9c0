import { beforeEach, describe, expect, it } from 'vitest';
import { capabilitiesOf, loadSession, mayRunTransition, saveSession } from './session';

describe('session', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps the signed-in user and tokens for the tab, and forgets anything malformed', () => {
    const session = { token: 'eyJ.a.b', refreshToken: 'rt_1', userId: 'user-reviewer', username: 'reviewer', displayName: 'Content Reviewer', roles: ['role-reviewer'] };
    saveSession(session);
    expect(loadSession()).toEqual(session);
    saveSession(undefined);
    expect(loadSession()).toBeUndefined();
    sessionStorage.setItem('sigma-pim.session.v2', '{"token":1}');
    expect(loadSession()).toBeUndefined();
    sessionStorage.setItem('sigma-pim.session.v2', 'not json');
    expect(loadSession()).toBeUndefined();
  });

  it('maps roles to what the UI offers', () => {
    expect(capabilitiesOf(['role-viewer'])).toEqual({ review: false, propose: false, message: false, isAgent: false });
    expect(capabilitiesOf(['role-reviewer'])).toEqual({ review: true, propose: false, message: true, isAgent: false });
    expect(capabilitiesOf(['role-agent'])).toEqual({ review: false, propose: true, message: true, isAgent: true });
    expect(capabilitiesOf(['role-unknown'])).toEqual({ review: false, propose: false, message: false, isAgent: false });
  });

  it('offers a transition only to a role it allows', () => {
    expect(mayRunTransition(['role-editor'], ['role-admin', 'role-editor'])).toBe(true);
    expect(mayRunTransition(['role-reviewer'], ['role-admin', 'role-editor'])).toBe(false);
  });
});
