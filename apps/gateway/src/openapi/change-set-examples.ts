/** Examples of docs/contract/change-sets-api.txt, shown in the OpenAPI document; typed so they cannot drift. */
import {
  type AnnotationDto,
  type ApplyAccepted,
  type ApplyResult,
  type ChangeSetDto,
  type ChangeSetStats,
  type MessageDto,
  type OperationPage,
  type PendingChangeDto,
  REVIEW_ANSWER_MAX_OPERATIONS,
  type RevisionDiffDto,
  type RevisionSummaryDto,
} from '@sigma/contracts';
import type { DecideChangesDto } from '../change-sets/change-decisions.dto';
import type { CreateChangeSetDto, RateDto, ReplaceChangesDto } from '../change-sets/change-sets.dto';

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
} satisfies CreateChangeSetDto;

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
  revision: 1,
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
          decision: 'pending',
        },
      ],
    },
  ],
} satisfies ChangeSetDto;

export const draftChangeSetExample = {
  ...changeSetExample,
  id: 'cs_xK9mP2vL',
  status: 'draft',
  submittedAt: undefined,
  revision: 0,
  operations: changeSetExample.operations.map((operation) => ({ ...operation, id: 'cop_Lq3vN8sZ' })),
} satisfies ChangeSetDto;

export const changeSetStatsExample = { pending: 3, approvedThisWeek: 12, totalApplied: 47, activeSourceCount: 4 } satisfies ChangeSetStats;

export const applyResultExample = { applied: 2, skipped: 1, errors: [] } satisfies ApplyResult;

export const applyAcceptedExample = {
  changeSetId: 'cs_xK9mP2vL',
  status: 'applying',
  applyProgress: { done: 1500, applied: 1498, failed: 2, total: 20000 },
} satisfies ApplyAccepted;

export const decideChangesExample = {
  decisions: [
    { attributeAlias: 'short-description', decision: 'approve' },
    { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, decision: 'reject' },
  ],
  reviewNote: 'Description approved; the German name is not idiomatic.',
} satisfies DecideChangesDto;

export const rateExample = { attributeAlias: 'short-description', rating: 'good' } satisfies RateDto;

export const annotationExample = {
  id: 'snip_Wt7yQ2xB',
  operationId: 'cop-enrich-1',
  attributeAlias: 'short-description',
  scope: {},
  text: 'premium cotton',
  startOffset: 25,
  endOffset: 39,
  sentiment: 'good',
  note: 'Good use of material specification',
  createdBy: 'user-reviewer',
  createdAt: '2025-03-01T11:00:00Z',
} satisfies AnnotationDto;

export const messageExample = {
  id: 'fmsg_Hn4kV8pRt2',
  changeSetId: 'cs-agent-enrichment',
  authorId: 'user-admin',
  authorName: 'Product Manager',
  authorType: 'user',
  timestamp: '2025-03-01T11:05:00Z',
  body: 'Please add SEO keywords for summer 2025 collection.',
} satisfies MessageDto;

export const pendingChangeExample = {
  changeSetId: changeSetExample.id,
  changeSetTitle: changeSetExample.title,
  source: { type: 'agent', name: 'Claude' },
  operation: { id: 'cop-enrich-1', type: 'update', status: 'pending', changes: changeSetExample.operations[0].changes },
} satisfies PendingChangeDto;

/** GET /change-sets/:id/operations: one page of a set's operations. */
export const operationPageExample = { items: changeSetExample.operations, total: 1 } satisfies OperationPage;

/** PATCH /change-sets/:id/operations/:opId: the operation's changes from now on. */
export const replaceChangesExample = {
  changes: [
    {
      attributeAlias: 'short-description',
      attributeName: 'Short Description',
      oldValue: 'A classic shirt.',
      newValue: 'Timeless Oxford weave in 100% organic cotton, button-down collar.',
      confidence: 0.95,
      reasoning: 'Named the cotton and the collar, as the reviewer asked',
    },
  ],
} satisfies ReplaceChangesDto;

/** GET /change-sets/:id/revisions: submitted, sent back, resubmitted. */
export const revisionsExample = [
  { revision: 1, submittedAt: '2025-03-01T10:05:00Z', submittedBy: 'user-agent', operationCount: 2 },
  { revision: 2, submittedAt: '2025-03-01T12:30:00Z', submittedBy: 'user-agent', operationCount: 2 },
] satisfies RevisionSummaryDto[];

/** GET /change-sets/:id/revisions/1/diff after the source replaced a value, removed one operation and added another. */
export const revisionDiffExample = {
  changeSetId: 'cs-agent-enrichment',
  from: 1,
  to: 2,
  operationsAdded: [{ operationId: 'cop_Rt5wQ9mX', type: 'update', entityId: 'ent-003', schemaId: 'schema-apparel', changeCount: 1 }],
  operationsRemoved: [{ operationId: 'cop-enrich-2', type: 'update', entityId: 'ent-002', schemaId: 'schema-apparel', changeCount: 1 }],
  changes: [
    {
      operationId: 'cop-enrich-1',
      attributeAlias: 'short-description',
      scope: {},
      kind: 'changed',
      before: 'Timeless Oxford weave in premium cotton...',
      after: 'Timeless Oxford weave in 100% organic cotton, button-down collar.',
    },
  ],
  counts: { operationsAdded: 1, operationsRemoved: 1, changesAdded: 0, changesRemoved: 0, changesChanged: 1 },
  truncated: false,
} satisfies RevisionDiffDto;

/** How a review call answers a large set (said on each of them). */
export const REVIEW_ANSWER_NOTE =
  `A set of more than ${REVIEW_ANSWER_MAX_OPERATIONS} operations is answered without them: \`operations\` is empty, ` +
  '`operationsOmitted: true` and `operationSummary` gives their counts by status (read them with GET /change-sets/:id/operations).';
