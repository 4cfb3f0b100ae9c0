/** Examples of the "Completeness & Lifecycle" section of docs/contract/records-api.txt. */
export const completenessExample = {
  entityId: 'ent-xK9mP2vL',
  lifecycleStateId: 'state-draft',
  filled: 5,
  total: 7,
  percentage: 71,
  missing: [
    { attributeAlias: 'description', scope: { 'dim-language': 'seg-de' } },
    { attributeAlias: 'material', scope: {} },
  ],
};

export const transitionsExample = [
  {
    id: 'trans-review-to-published',
    fromStateId: 'state-review',
    toStateId: 'state-published',
    name: 'Publish',
    allowedRoleIds: ['role-admin', 'role-editor'],
    requiresCompleteness: true,
  },
  {
    id: 'trans-review-to-draft',
    fromStateId: 'state-review',
    toStateId: 'state-draft',
    name: 'Send back to draft',
    allowedRoleIds: ['role-admin'],
    requiresCompleteness: false,
  },
];
