import type { OperationDto, RecordSummary, SchemaDto, ValidationIssue } from '@sigma/contracts';

export interface SubmissionContext {
  schemas: ReadonlyMap<string, SchemaDto>;
  records: ReadonlyMap<string, RecordSummary>;
}

/**
 * The shape a set must have to go to review: at least one operation; existing schemas; a create
 * names no entity, an update or delete names an existing record of that schema; every change
 * targets an attribute of the schema. Scopes and values are checked by records, with the rules of
 * a record write.
 */
export function validateSubmission(
  operations: readonly { type: OperationDto['type']; entityId?: string | null; schemaId: string; changes: OperationDto['changes'] }[],
  context: SubmissionContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (operations.length === 0) issues.push({ field: 'operations', rule: 'minSize', message: 'a change set needs at least one operation' });
  operations.forEach((operation, index) => {
    const at = `operations[${index}]`;
    const schema = context.schemas.get(operation.schemaId);
    if (!schema) issues.push({ field: `${at}.schemaId`, rule: 'exists', message: `schema '${operation.schemaId}' does not exist` });
    if (operation.type === 'create') {
      if (operation.entityId) issues.push({ field: `${at}.entityId`, rule: 'forbidden', message: 'a create operation must not name an entityId' });
    } else if (!operation.entityId) {
      issues.push({ field: `${at}.entityId`, rule: 'required', message: `a ${operation.type} operation needs an entityId` });
    } else {
      const record = context.records.get(operation.entityId);
      if (!record) issues.push({ field: `${at}.entityId`, rule: 'exists', message: `record '${operation.entityId}' does not exist` });
      else if (record.schemaId !== operation.schemaId)
        issues.push({ field: `${at}.schemaId`, rule: 'same-schema', message: `record '${operation.entityId}' belongs to schema '${record.schemaId}'` });
    }
    if (operation.type !== 'delete' && operation.changes.length === 0)
      issues.push({ field: `${at}.changes`, rule: 'minSize', message: `a ${operation.type} operation needs at least one change` });
    if (!schema) return;
    operation.changes.forEach((change, changeIndex) => {
      const field = `${at}.changes[${changeIndex}]`;
      const attribute = schema.attributes.find((candidate) => candidate.alias === change.attributeAlias);
      if (!attribute) {
        issues.push({ field: `${field}.attributeAlias`, rule: 'exists', message: `attribute '${change.attributeAlias}' is not in schema '${schema.id}'`, attributeAlias: change.attributeAlias });
      }
    });
  });
  return issues;
}
