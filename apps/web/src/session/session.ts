import { type Permission, Permissions, type RoleId, Roles, rolesGrant } from '@sigma/contracts';

/** Who is signed in (from GET /me) and the tokens that speak for them; the server checks the token on every call. */
export interface Session {
  token: string;
  /** Renews the short-lived access token (POST /auth/refresh); absent if the server issued none. */
  refreshToken?: string;
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
}

/** What the caller's roles allow; the UI shows only the controls these grant. */
export interface Capabilities {
  review: boolean;
  propose: boolean;
  message: boolean;
  isAgent: boolean;
}

const STORAGE_KEY = 'sigma-pim.session.v2';

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

function isSession(value: unknown): value is Session {
  const candidate = value as Partial<Session> | null;
  return (
    typeof candidate?.token === 'string' &&
    typeof candidate.userId === 'string' &&
    typeof candidate.username === 'string' &&
    typeof candidate.displayName === 'string' &&
    Array.isArray(candidate.roles)
  );
}

/** Kept per browser tab (sessionStorage), gone when the tab closes. */
export function loadSession(): Session | undefined {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    return isSession(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}
