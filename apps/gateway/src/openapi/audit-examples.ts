/** The audit example of docs/contract/records-api.txt (shown here oldest first, as with `order=asc`). */
export const auditExample = [
  {
    id: 'audit-7kP2mN',
    entityId: 'ent-xK9mP2vL',
    userId: 'user-admin',
    timestamp: '2024-01-17T11:45:00Z',
    action: 'update',
    changes: [{ attributeAlias: 'product-name', scope: {}, oldValue: 'Coastal Windbreaker', newValue: 'Coastal Windbreaker Pro' }],
  },
  {
    id: 'audit-3xR9vQ',
    entityId: 'ent-xK9mP2vL',
    userId: 'user-admin',
    timestamp: '2024-01-18T08:00:00Z',
    action: 'transition',
    changes: [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: 'state-draft', newValue: 'state-review' }],
  },
];
