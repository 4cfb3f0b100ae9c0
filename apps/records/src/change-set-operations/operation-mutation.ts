import { DomainError, type RecordOperation } from '@sigma/contracts';
import type { RecordMutation } from '../records/writer/record-mutations';
import { validateAttributeValues } from '../values/scoped-values';
import { applyChanges, valuesOfCreate } from './apply-changes';

/**
 * The record write of one change-set operation. An update is built on the locked current values,
 * so its oldValue checks see the row no one else can move until the operation commits.
 */
export function operationMutation(operation: RecordOperation): RecordMutation {
  switch (operation.type) {
    case 'create':
      return { kind: 'create', schemaId: operation.schemaId, values: valuesOfCreate(operation.changes) };
    case 'update':
      return {
        kind: 'set-values',
        id: requireEntity(operation),
        build: (schema, current) => {
          if (current.schemaId !== operation.schemaId) {
            throw DomainError.validation([{ field: 'schemaId', rule: 'same-schema', message: `record '${current.id}' belongs to schema '${current.schemaId}'` }]);
          }
          const next = applyChanges(current.values, operation.changes);
          const issues = Object.entries(next).flatMap(([alias, scoped]) => validateAttributeValues(schema, alias, scoped, `changes.${alias}`).issues);
          return { issues, values: next };
        },
      };
    case 'delete':
      return { kind: 'delete', id: requireEntity(operation) };
    default:
      throw DomainError.validation([{ field: 'type', rule: 'isIn', message: `unknown operation type '${String(operation.type)}'` }]);
  }
}

function requireEntity(operation: RecordOperation): string {
  if (!operation.entityId) {
    throw DomainError.validation([{ field: 'entityId', rule: 'required', message: `a ${operation.type} operation needs an entityId` }]);
  }
  return operation.entityId;
}
