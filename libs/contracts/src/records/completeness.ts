/**
 * The workflow's completeness rule of one schema (its states' required attributes), as the records
 * service keeps it to score every record write in the write's transaction. The workflow service
 * owns the rule and pushes it on every create and update of a workflow, and all of them at start-up.
 */
export interface SyncCompletenessRulesRequest {
  schemaId: string;
  workflowId: string;
  states: { id: string; requiredAttributes: string[] }[];
  /** The workflow's updatedAt: a push older than the stored rule (a start-up push racing an update) changes nothing. */
  workflowUpdatedAt: string;
}

export interface SyncCompletenessRulesResult {
  /** The rule differed from the stored one: the schema's records are being re-scored in the background. */
  rescoring: boolean;
}
