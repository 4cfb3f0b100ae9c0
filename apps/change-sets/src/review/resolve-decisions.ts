import type { ChangeDecisionInput, ProposedChangeDto, ValidationIssue } from '@sigma/contracts';
import { takenDecision, type TakenDecision } from '../domain/change-decisions';
import { findChange } from '../feedback/find-change';

/**
 * Which change of the operation each requested decision is about (by index), or the issues of the
 * request: a change the operation does not propose, an ambiguous scope, or one change decided twice.
 * Issue fields name the offending entry, e.g. `decisions[1].scope`.
 */
export function resolveDecisions(
  operation: { id: string; changes: readonly ProposedChangeDto[] },
  decisions: readonly ChangeDecisionInput[],
): { decisions: Map<number, TakenDecision> } | { issues: ValidationIssue[] } {
  const resolved = new Map<number, TakenDecision>();
  const issues: ValidationIssue[] = [];
  decisions.forEach((input, position) => {
    const found = findChange(operation, input.attributeAlias, input.scope);
    if ('issues' in found) {
      issues.push(...found.issues.map((issue) => ({ ...issue, field: `decisions[${position}].${issue.field}` })));
    } else if (resolved.has(found.index)) {
      const change = operation.changes[found.index];
      issues.push({
        field: `decisions[${position}]`,
        rule: 'unique',
        message: `the change to '${change.attributeAlias}' in scope ${JSON.stringify(change.scope ?? {})} is decided more than once`,
        attributeAlias: change.attributeAlias,
      });
    } else {
      resolved.set(found.index, takenDecision(input.decision));
    }
  });
  return issues.length ? { issues } : { decisions: resolved };
}
