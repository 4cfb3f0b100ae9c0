import { normalizeScope, type ProposedOperation, type Scope, scopeKey, type ValidationIssue } from '@sigma/contracts';
import { checkScope, type ValueContext } from './scoped-values';
import { checkValue } from './value-rules';

/** A valid proposed value of a unique attribute: still to be checked against the other records. */
export interface UniqueCandidate {
  /** Path of the change, e.g. `operations[2].changes[0]`. */
  field: string;
  attributeAlias: string;
  scope: Scope;
  value: unknown;
  /** The record the value is written to (an update): its own value is no clash. */
  recordId?: string;
}

export interface ProposedValuesCheck {
  issues: ValidationIssue[];
  uniqueCandidates: UniqueCandidate[];
}

/**
 * The changes of one create or update operation, each checked with the rules a record write
 * applies to a scoped value (scope by the attribute's dimensions, one value per scope, data type
 * and rules for a non-null value). Unknown attributes are left to the set's own checks; delete
 * operations write no values.
 */
export function checkProposedOperation(context: ValueContext, operation: ProposedOperation): ProposedValuesCheck {
  const result: ProposedValuesCheck = { issues: [], uniqueCandidates: [] };
  if (operation.type === 'delete') return result;
  const seen = new Set<string>();
  operation.changes.forEach((change, index) => {
    const attribute = context.attributes.get(change.attributeAlias);
    if (!attribute) return;
    const field = `${operation.field}.changes[${index}]`;
    const scope = normalizeScope(change.scope ?? {});
    const about = { attributeAlias: attribute.alias, scope };
    const scopeIssues = checkScope(context, attribute, scope);
    if (scopeIssues.length > 0) {
      result.issues.push(...scopeIssues.map((issue) => ({ field: `${field}.scope`, ...issue, ...about })));
      return;
    }
    const key = `${attribute.alias}\u0000${scopeKey(scope)}`;
    if (seen.has(key)) {
      result.issues.push({ field: `${field}.scope`, rule: 'duplicate-scope', message: 'an operation proposes one value per attribute and scope', ...about });
      return;
    }
    seen.add(key);
    if (change.newValue === null) return;
    const violations = checkValue(attribute, change.newValue);
    result.issues.push(...violations.map((violation) => ({ field: `${field}.newValue`, ...violation, ...about })));
    if (violations.length === 0 && attribute.rules.unique) {
      result.uniqueCandidates.push({
        field,
        attributeAlias: attribute.alias,
        scope,
        value: change.newValue,
        ...(operation.type === 'update' && operation.entityId && { recordId: operation.entityId }),
      });
    }
  });
  return result;
}
