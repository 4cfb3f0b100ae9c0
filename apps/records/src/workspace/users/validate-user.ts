import {
  type CreateUserRequest,
  isRoleId,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type UpdateUserRequest,
  USERNAME_MAX_LENGTH,
  USERNAME_PATTERN,
  type ValidationIssue,
} from '@sigma/contracts';
import { checkName, issue } from '../validation-helpers';

/**
 * A new account: lowercase username, display name, at least one known role, and a password of 8+
 * characters for a person or none at all for a service account.
 */
export function validateNewUser(request: CreateUserRequest): ValidationIssue[] {
  const serviceAccount = request.serviceAccount ?? false;
  return [
    ...checkUsername(request.username),
    ...checkName(request.displayName, 'displayName'),
    ...(typeof serviceAccount !== 'boolean' ? [issue('serviceAccount', 'type', 'must be a boolean')] : []),
    ...(serviceAccount === true ? checkNoPassword(request.password) : checkPassword(request.password)),
    ...checkRoles(request.roles),
  ];
}

/** A service account never gets a password: it signs in with API keys only. */
export function checkNoPassword(password: unknown): ValidationIssue[] {
  return password === undefined ? [] : [issue('password', 'service-account', 'a service account has no password; it signs in with API keys')];
}

/** A change of an account: only the fields given are checked. */
export function validateUserUpdate(request: UpdateUserRequest): ValidationIssue[] {
  return [
    ...(request.displayName !== undefined ? checkName(request.displayName, 'displayName') : []),
    ...(request.password !== undefined ? checkPassword(request.password) : []),
    ...(request.roles !== undefined ? checkRoles(request.roles) : []),
  ];
}

function checkUsername(username: unknown): ValidationIssue[] {
  if (typeof username !== 'string' || username.length === 0) return [issue('username', 'required', 'must be a non-empty string')];
  if (username.length > USERNAME_MAX_LENGTH) return [issue('username', 'maxLength', `must be at most ${USERNAME_MAX_LENGTH} characters`)];
  return USERNAME_PATTERN.test(username)
    ? []
    : [issue('username', 'pattern', 'must be lowercase letters, digits and . _ @ -, starting with a letter or digit')];
}

function checkPassword(password: unknown): ValidationIssue[] {
  if (typeof password !== 'string') return [issue('password', 'type', 'must be a string')];
  if (password.length < PASSWORD_MIN_LENGTH) return [issue('password', 'minLength', `must be at least ${PASSWORD_MIN_LENGTH} characters`)];
  return password.length > PASSWORD_MAX_LENGTH ? [issue('password', 'maxLength', `must be at most ${PASSWORD_MAX_LENGTH} characters`)] : [];
}

function checkRoles(roles: unknown): ValidationIssue[] {
  if (!Array.isArray(roles) || roles.length === 0) return [issue('roles', 'required', 'must list at least one role')];
  const issues: ValidationIssue[] = [];
  roles.forEach((role: unknown, index) => {
    if (typeof role !== 'string' || !isRoleId(role)) issues.push(issue(`roles[${index}]`, 'exists', `unknown role '${String(role)}'`));
  });
  return issues;
}
