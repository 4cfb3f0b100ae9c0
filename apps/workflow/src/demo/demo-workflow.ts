import { Roles, type UpsertWorkflowRequest } from '@sigma/contracts';

const draftRequired = ['product-name', 'sku'];
const reviewRequired = [...draftRequired, 'price', 'description'];

/** The demo workflow of docs/product-decisions.md for schema-apparel. */
export const DEMO_WORKFLOW: UpsertWorkflowRequest = {
  id: 'workflow-apparel',
  schemaId: 'schema-apparel',
  name: 'Apparel lifecycle',
  initialStateId: 'state-draft',
  states: [
    { id: 'state-draft', name: 'Draft', requiredAttributes: draftRequired },
    { id: 'state-review', name: 'Review', requiredAttributes: reviewRequired },
    { id: 'state-published', name: 'Published', requiredAttributes: [...reviewRequired, 'material', 'sleeve-length'] },
  ],
  transitions: [
    {
      id: 'trans-draft-to-review',
      fromStateId: 'state-draft',
      toStateId: 'state-review',
      name: 'Submit for review',
      allowedRoleIds: [Roles.admin, Roles.editor],
      requiresCompleteness: false,
    },
    {
      id: 'trans-review-to-published',
      fromStateId: 'state-review',
      toStateId: 'state-published',
      name: 'Publish',
      allowedRoleIds: [Roles.admin, Roles.editor],
      requiresCompleteness: true,
    },
    {
      id: 'trans-review-to-draft',
      fromStateId: 'state-review',
      toStateId: 'state-draft',
      name: 'Send back to draft',
      allowedRoleIds: [Roles.admin],
      requiresCompleteness: false,
    },
  ],
};
