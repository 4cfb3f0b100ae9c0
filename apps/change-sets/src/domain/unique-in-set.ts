import { normalizeScope, type OperationDto, type SchemaDto, scopeKey, uniqueValueKey, type ValidationIssue } from '@sigma/contracts';

type ProposedOperation = { type: OperationDto['type']; entityId?: string | null; schemaId: string; changes: OperationDto['changes'] };

/**
 * A unique attribute's value may be proposed for one record of a set only: two creates, or a create
 * and an update of another record, proposing the same SKU could never both apply. Records checks
 * each value against the stored records; this is the part only the whole set can see. Each later
 * occurrence is reported, naming the first.
 */
export function duplicateUniqueValues(operations: readonly ProposedOperation[], schemas: ReadonlyMap<string, SchemaDto>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const first = new Map<string, { field: string; record: string }>();
  operations.forEach((operation, index) => {
    if (operation.type === 'delete') return;
    const attributes = schemas.get(operation.schemaId)?.attributes;
    // Each create is a record of its own.
    const record = operation.type === 'update' && operation.entityId ? `record:${operation.entityId}` : `create:${index}`;
    operation.changes.forEach((change, changeIndex) => {
      const attribute = attributes?.find((candidate) => candidate.alias === change.attributeAlias);
      if (!attribute?.rules.unique || change.newValue === null || change.newValue === undefined) return;
      const scope = normalizeScope(change.scope ?? {});
      const key = `${attribute.alias}\u0000${scopeKey(scope)}\u0000${uniqueValueKey(change.newValue)}`;
      const field = `operations[${index}].changes[${changeIndex}]`;
      const seen = first.get(key);
      if (!seen) first.set(key, { field, record });
      else if (seen.record !== record) {
        issues.push({
          field: `${field}.newValue`,
          rule: 'unique',
          message: `value ${uniqueValueKey(change.newValue)} is also proposed by ${seen.field}`,
          attributeAlias: attribute.alias,
          scope,
        });
      }
    });
  });
  return issues;
}
