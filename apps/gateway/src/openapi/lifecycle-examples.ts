import type { CompletenessDto, TransitionDto, WorkflowDto } from '@sigma/contracts';
import type { CreateWorkflowDto } from '../workflow/workflow.dto';
import { httpError } from '../errors/http-error';

/** Examples of the "Completeness & Lifecycle" section of docs/contract/records-api.txt, shown in the OpenAPI document. */
export const completenessExample: CompletenessDto = {
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
] satisfies TransitionDto[];

export const completenessGateExample = httpError('gate-failed', "The record is 71% complete for 'state-published'; 100% is required", {
  percentage: completenessExample.percentage,
  filled: completenessExample.filled,
  total: completenessExample.total,
  missing: completenessExample.missing,
});

export const createWorkflowExample = {
  id: 'workflow-apparel',
  schemaId: 'schema-apparel',
  name: 'Apparel lifecycle',
  initialStateId: 'state-draft',
  states: [
    { id: 'state-draft', name: 'Draft', requiredAttributes: ['product-name', 'sku'] },
    { id: 'state-review', name: 'In review', requiredAttributes: ['product-name', 'sku', 'price'] },
    { id: 'state-published', name: 'Published', requiredAttributes: ['product-name', 'sku', 'price', 'description', 'material'] },
  ],
  transitions: [
    {
      id: 'trans-draft-to-review',
      fromStateId: 'state-draft',
      toStateId: 'state-review',
      name: 'Submit for review',
      allowedRoleIds: ['role-admin', 'role-editor'],
      requiresCompleteness: false,
    },
    ...transitionsExample,
  ],
} satisfies CreateWorkflowDto;

export const workflowExample = { ...createWorkflowExample, createdAt: '2024-01-15T10:30:00.000Z', updatedAt: '2024-01-15T10:30:00.000Z' } satisfies WorkflowDto;
