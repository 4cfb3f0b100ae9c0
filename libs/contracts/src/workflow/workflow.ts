import type { Scope } from '../records/records';

export interface WorkflowStateDto {
  id: string;
  name: string;
  /** Aliases of the attributes a record must fill (every slot) to be complete in this state. */
  requiredAttributes: string[];
}

export interface TransitionDto {
  id: string;
  fromStateId: string;
  toStateId: string;
  name: string;
  allowedRoleIds: string[];
  requiresCompleteness: boolean;
}

export interface WorkflowDto {
  id: string;
  schemaId: string;
  name: string;
  initialStateId: string;
  states: WorkflowStateDto[];
  transitions: TransitionDto[];
  createdAt: string;
  updatedAt: string;
}

export interface UpsertWorkflowRequest {
  id: string;
  schemaId: string;
  name: string;
  initialStateId: string;
  states: WorkflowStateDto[];
  transitions: TransitionDto[];
}

export interface MissingSlot {
  attributeAlias: string;
  scope: Scope;
}

export interface CompletenessDto {
  entityId: string;
  lifecycleStateId: string;
  filled: number;
  total: number;
  percentage: number;
  missing: MissingSlot[];
}

export interface CompletenessRequest {
  entityId: string;
  /** Score against this state instead of the record's current one. */
  lifecycleStateId?: string;
}

export interface RunTransitionRequest {
  entityId: string;
  transitionId: string;
  /** Only while the record is still at this version (HTTP If-Match), else precondition-failed. */
  expectedVersion?: number;
}

/** Records' compare-and-set of the lifecycle state: applies only if the record is still in `fromStateId`. */
export interface MoveLifecycleStateRequest {
  id: string;
  fromStateId: string;
  toStateId: string;
  transitionId: string;
  /** The client's If-Match, checked under the row lock before the state: another version is precondition-failed. */
  expectedVersion?: number;
  /**
   * The version the workflow scored a completeness gate on, checked under the row lock: another
   * version is stale-write, so no edit that landed after the score can ride along with the move.
   */
  decidedOnVersion?: number;
}
