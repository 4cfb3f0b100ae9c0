/** Demo role ids; permissions per role are fixed by the product (docs/product-decisions.md "Roles"). */
export const Roles = {
  admin: 'role-admin',
  editor: 'role-editor',
  reviewer: 'role-reviewer',
  viewer: 'role-viewer',
  agent: 'role-agent',
} as const;

export type RoleId = (typeof Roles)[keyof typeof Roles];
export const ALL_ROLES: readonly RoleId[] = Object.values(Roles);

export const Permissions = {
  workspaceRead: 'workspace:read',
  workspaceManage: 'workspace:manage',
  usersManage: 'users:manage',
  apiKeysManage: 'api-keys:manage',
  webhooksManage: 'webhooks:manage',
  recordsRead: 'records:read',
  recordsWrite: 'records:write',
  categoriesWrite: 'categories:write',
  changeSetsRead: 'change-sets:read',
  changeSetsPropose: 'change-sets:propose',
  changeSetsReview: 'change-sets:review',
  changeSetsMessage: 'change-sets:message',
} as const;

export type Permission = (typeof Permissions)[keyof typeof Permissions];

const READ: Permission[] = [Permissions.workspaceRead, Permissions.recordsRead, Permissions.changeSetsRead];

export const ROLE_PERMISSIONS: Readonly<Record<RoleId, readonly Permission[]>> = {
  [Roles.admin]: Object.values(Permissions),
  [Roles.editor]: [
    ...READ,
    Permissions.recordsWrite,
    Permissions.categoriesWrite,
    Permissions.changeSetsPropose,
    Permissions.changeSetsReview,
    Permissions.changeSetsMessage,
  ],
  [Roles.reviewer]: [...READ, Permissions.changeSetsReview, Permissions.changeSetsMessage],
  [Roles.viewer]: [...READ],
  [Roles.agent]: [...READ, Permissions.changeSetsPropose, Permissions.changeSetsMessage],
};

export function isRoleId(value: string): value is RoleId {
  return (ALL_ROLES as readonly string[]).includes(value);
}

/** True when any of the roles grants the permission; unknown role ids grant nothing. */
export function rolesGrant(roles: readonly string[], permission: Permission): boolean {
  return roles.some((role) => isRoleId(role) && ROLE_PERMISSIONS[role].includes(permission));
}
