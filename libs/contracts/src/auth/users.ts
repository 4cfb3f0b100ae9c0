import type { RoleId } from './roles';

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  roles: RoleId[];
  /** A machine account: no password, signs in only with API keys. */
  serviceAccount: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CreateUserRequest {
  id?: string;
  username: string;
  displayName: string;
  /** Required for a person; never given for a service account. */
  password?: string;
  roles: RoleId[];
  serviceAccount?: boolean;
}

export interface UpdateUserRequest {
  id: string;
  displayName?: string;
  password?: string;
  roles?: RoleId[];
}

export interface AuthenticateRequest {
  username: string;
  password: string;
}

/** Who a verified token speaks for; services take identity from here, never from a body. */
export interface Actor {
  userId: string;
  roles: RoleId[];
}

/**
 * What the gateway needs to trust a credential of a user: the current roles and the token version,
 * bumped whenever the roles or the password change, so earlier tokens stop working.
 */
export interface PrincipalDto {
  id: string;
  username: string;
  displayName: string;
  roles: RoleId[];
  tokenVersion: number;
  serviceAccount: boolean;
}

/** A successful password check: the user as a principal. */
export type AuthenticatedUser = Actor & { username: string; tokenVersion: number };
