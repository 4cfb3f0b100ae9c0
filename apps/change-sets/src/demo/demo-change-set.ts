import { Roles } from '@sigma/contracts';

/**
 * The demo change set of the API examples: pending approval, from the Claude enrichment agent.
 * cop-enrich-2 (a price change) is the one the per-operation reject example turns down, so
 * approving the other two and applying gives the apply example's `{ applied: 2, skipped: 1 }`.
 */
export const DEMO_CHANGE_SET = {
  id: 'cs-agent-enrichment',
  title: 'AI Product Enrichment',
  description: 'AI-generated descriptions for 2 products',
  source: { type: 'agent' as const, id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
  createdBy: 'user-agent',
  createdAt: new Date('2025-03-01T10:00:00Z'),
  updatedAt: new Date('2025-03-01T10:05:00Z'),
  submittedAt: new Date('2025-03-01T10:05:00Z'),
  operations: [
    {
      id: 'cop-enrich-1',
      type: 'update' as const,
      entityId: 'ent-001',
      entityName: 'Classic Oxford Shirt',
      entitySku: 'OXF-001',
      schemaId: 'schema-apparel',
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
    {
      id: 'cop-enrich-2',
      type: 'update' as const,
      entityId: 'ent-002',
      entityName: 'Merino Crew Sweater',
      entitySku: 'MER-002',
      schemaId: 'schema-apparel',
      changes: [
        {
          attributeAlias: 'price',
          attributeName: 'Price',
          scope: {},
          oldValue: 119,
          newValue: 149,
          confidence: 0.61,
          reasoning: 'Competitor pricing for merino knitwear',
        },
      ],
    },
    {
      id: 'cop-enrich-3',
      type: 'update' as const,
      entityId: 'ent-002',
      entityName: 'Merino Crew Sweater',
      entitySku: 'MER-002',
      schemaId: 'schema-apparel',
      changes: [
        {
          attributeAlias: 'short-description',
          attributeName: 'Short Description',
          scope: {},
          oldValue: 'A soft merino sweater.',
          newValue: 'Soft, breathable merino crew neck for year-round layering.',
          confidence: 0.88,
          reasoning: 'Adds material benefits and use',
        },
      ],
    },
  ],
  messages: [
    {
      id: 'fmsg_r2d2',
      authorId: 'user-admin',
      authorName: 'Product Manager',
      authorType: 'user' as const,
      body: 'The descriptions look great but could use more SEO keywords.',
      createdAt: new Date('2025-03-01T11:30:00Z'),
    },
  ],
  agentRoles: [Roles.agent],
};
