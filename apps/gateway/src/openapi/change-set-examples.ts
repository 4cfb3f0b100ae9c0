/** Examples of docs/contract/change-sets-api.txt. */
export const createChangeSetExample = {
  title: 'AI Product Enrichment',
  description: 'AI-generated descriptions for 2 products',
  source: { type: 'agent', id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
  operations: [
    {
      type: 'update',
      entityId: 'ent-001',
      schemaId: 'schema-apparel',
      changes: [
        {
          attributeAlias: 'short-description',
          attributeName: 'Short Description',
          oldValue: 'A classic shirt.',
          newValue: 'Timeless Oxford weave in premium cotton...',
          confidence: 0.92,
          reasoning: 'Enhanced with fabric details and style context',
        },
      ],
    },
  ],
};

export const changeSetExample = {
  id: 'cs-agent-enrichment',
  title: 'AI Product Enrichment',
  description: 'AI-generated descriptions for 2 products',
  source: { type: 'agent', id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
  status: 'pending_approval',
  createdBy: 'user-agent',
  createdAt: '2025-03-01T10:00:00Z',
  updatedAt: '2025-03-01T10:05:00Z',
  submittedAt: '2025-03-01T10:05:00Z',
  revisionCount: 0,
  operationCount: 1,
  operations: [
    {
      id: 'cop-enrich-1',
      type: 'update',
      entityId: 'ent-001',
      entityName: 'Classic Oxford Shirt',
      entitySku: 'OXF-001',
      schemaId: 'schema-apparel',
      status: 'pending',
      changes: [
        {
          attributeAlias: 'short-description',
          attributeName: 'Short Description',
          scope: {},
          oldValue: 'A classic shirt.',
          newValue: 'Timeless Oxford weave in premium cotton...',
          confidence: 0.92,
          reasoning: 'Enhanced with fabric details and style context',
        },
      ],
    },
  ],
};

/** GET /change-sets/:id/operations: one page of a set's operations. */
export const operationPageSchema = {
  type: 'object',
  required: ['items', 'total'],
  properties: {
    items: { type: 'array', items: { type: 'object', description: 'An operation, as in GET /change-sets/:id' } },
    total: { type: 'integer', description: 'Operations in the set' },
    nextCursor: { type: 'string', description: 'Cursor of the next page; absent on the last page' },
  },
  example: { items: changeSetExample.operations, total: 1 },
};
