import { describe, expect, it } from 'vitest';
import { capabilitiesOf, mayRunTransition, sessionFromToken } from './session';

const token = (claims: object) => `header.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.signature`;

describe('session', () => {
  it('reads who is signed in from the token claims', () => {
    expect(sessionFromToken(token({ sub: 'user-reviewer', username: 'reviewer', roles: ['role-reviewer'], exp: 2000000000 }))).toEqual({
      token: expect.any(String),
      userId: 'user-reviewer',
      username: 'reviewer',
      roles: ['role-reviewer'],
      expiresAt: 2000000000000,
    });
    expect(sessionFromToken('not-a-token')).toBeUndefined();
    expect(sessionFromToken(token({ username: 'x' }))).toBeUndefined();
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
