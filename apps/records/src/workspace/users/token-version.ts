/** What a change of an account touches that bears on the credentials already issued to it. */
export interface AccountChange {
  currentRoles: readonly string[];
  newRoles?: readonly string[];
  passwordChanged: boolean;
}

/**
 * Whether a change revokes the user's earlier tokens: a new password, or a different set of roles
 * (order and repeats aside). A display-name change revokes nothing.
 */
export function revokesTokens(change: AccountChange): boolean {
  if (change.passwordChanged) return true;
  if (change.newRoles === undefined) return false;
  const before = new Set(change.currentRoles);
  const after = new Set(change.newRoles);
  return before.size !== after.size || [...after].some((role) => !before.has(role));
}
