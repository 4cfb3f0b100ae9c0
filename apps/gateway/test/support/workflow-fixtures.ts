import type { ApiResponse } from '@sigma/testing';

/** Fixtures of the workflow admin e2e tests: request bodies, the demo workflow, comparison helpers. */

export interface StateBody {
  id: string;
  name: string;
  requiredAttributes: string[];
}

export interface TransitionBody {
  id: string;
  fromStateId: string;
  toStateId: string;
  name: string;
  allowedRoleIds: string[];
  requiresCompleteness: boolean;
}

export interface WorkflowBody {
  id?: string;
  schemaId: string;
  name: string;
  initialStateId: string;
  states: StateBody[];
  transitions: TransitionBody[];
}

export type WorkflowRead = WorkflowBody & { id: string; createdAt: string; updatedAt: string };

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The demo workflow exactly as docs/product-decisions.md ("The demo workspace") lists it, as an update body. */
export function demoWorkflow(): WorkflowBody {
  const draft = ['product-name', 'sku'];
  const review = [...draft, 'price', 'description'];
  return {
    schemaId: 'schema-apparel',
    name: 'Apparel lifecycle',
    initialStateId: 'state-draft',
    states: [
      { id: 'state-draft', name: 'Draft', requiredAttributes: draft },
      { id: 'state-review', name: 'Review', requiredAttributes: review },
      { id: 'state-published', name: 'Published', requiredAttributes: [...review, 'material', 'sleeve-length'] },
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
    ],
  };
}

/** A second schema's workflow (schema-footwear is created by this test file). */
export function footwearWorkflow(): WorkflowBody & { id: string } {
  return {
    id: 'workflow-footwear',
    schemaId: 'schema-footwear',
    name: 'Footwear lifecycle',
    initialStateId: 'state-new',
    states: [
      { id: 'state-new', name: 'New', requiredAttributes: ['title'] },
      { id: 'state-intake', name: 'Intake', requiredAttributes: [] },
      { id: 'state-live', name: 'Live', requiredAttributes: ['title', 'size', 'colour'] },
    ],
    transitions: [
      {
        id: 'trans-new-to-live',
        fromStateId: 'state-new',
        toStateId: 'state-live',
        name: 'Go live',
        allowedRoleIds: ['role-admin', 'role-editor'],
        requiresCompleteness: true,
      },
      {
        id: 'trans-intake-to-new',
        fromStateId: 'state-intake',
        toStateId: 'state-new',
        name: 'Accept',
        allowedRoleIds: ['role-admin'],
        requiresCompleteness: false,
      },
    ],
  };
}

/** Order-insensitive view of a workflow: states and transitions by id, their lists sorted. */
export function normalized(workflow: WorkflowBody) {
  return {
    ...workflow,
    states: [...workflow.states]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((state) => ({ ...state, requiredAttributes: [...state.requiredAttributes].sort() })),
    transitions: [...workflow.transitions]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((transition) => ({ ...transition, allowedRoleIds: [...transition.allowedRoleIds].sort() })),
  };
}

/** Shows status and body together when an expectation on the status fails. */
export function outcome(response: ApiResponse) {
  return { status: response.status, body: response.body };
}
