import { type Permission, Permissions, type RoleId, Roles, rolesGrant } from '@sigma/contracts';

/** Who is signed in, read from the access token's claims (the server checks the token on every call). */
export interface Session {
  token: string;
  userId: string;
  username: string;
  roles: string[];
  /** Epoch milliseconds; the token is refused by the API after it. */
  expiresAt: number;
}

/** What the caller's roles allow; the UI shows only the controls these grant. */
export interface Capabilities {
  review: boolean;
  propose: boolean;
  message: boolean;
  isAgent: boolean;
}

const STORAGE_KEY = 'sigma-pim.session';

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** The session a token speaks for, or undefined when it is not a token this API issues. */
export function sessionFromToken(token: string, fallbackUsername = ''): Session | undefined {
  try {
    const claims = decodeSegment(token.split('.')[1] ?? '') as { sub?: unknown; username?: unknown; roles?: unknown; exp?: unknown };
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return undefined;
    return {
      token,
      userId: claims.sub,
      username: typeof claims.username === 'string' ? claims.username : fallbackUsername,
      roles: claims.roles.filter((role): role is string => typeof role === 'string'),
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY,
    };
  } catch {
    return undefined;
  }
}

export function capabilitiesOf(roles: readonly string[]): Capabilities {
  const can = (permission: Permission) => rolesGrant(roles, permission);
  return {
    review: can(Permissions.changeSetsReview),
    propose: can(Permissions.changeSetsPropose),
    message: can(Permissions.changeSetsMessage),
    isAgent: roles.includes(Roles.agent),
  };
}

/** A transition is offered only to a caller holding one of its allowed roles. */
export function mayRunTransition(roles: readonly string[], allowedRoleIds: readonly string[]): boolean {
  return roles.some((role) => allowedRoleIds.includes(role as RoleId));
}

export function roleLabel(roles: readonly string[]): string {
  return roles.map((role) => role.replace(/^role-/, '')).join(', ') || 'no role';
}

/** Kept per browser tab (sessionStorage), gone when the tab closes. */
export function loadSession(now = Date.now()): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  const session = token ? sessionFromToken(token) : undefined;
  if (!session || session.expiresAt <= now) {
    sessionStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  return session;
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, session.token);
  else sessionStorage.removeItem(STORAGE_KEY);
}
