import { type ProposedChangeDto, type Scope, scopeKey, type ValidationIssue } from '@sigma/contracts';

/**
 * Which proposed change of an operation a rating or annotation is about: the change to
 * `attributeAlias` in `scope` (key order does not matter). Without a scope the attribute must have
 * exactly one change in the operation; when it has several (e.g. one per language), the scope
 * must say which.
 */
export function findChange(
  operation: { id: string; changes: readonly ProposedChangeDto[] },
  attributeAlias: string,
  scope?: Scope,
): { index: number } | { issues: ValidationIssue[] } {
  const candidates = operation.changes.map((change, index) => ({ change, index })).filter(({ change }) => change.attributeAlias === attributeAlias);
  if (candidates.length === 0) {
    return { issues: [{ field: 'attributeAlias', rule: 'exists', message: `operation '${operation.id}' proposes no change to '${attributeAlias}'`, attributeAlias }] };
  }
  const scopes = candidates.map(({ change }) => JSON.stringify(change.scope ?? {})).join(', ');
  if (scope) {
    const wanted = scopeKey(scope);
    const match = candidates.find(({ change }) => scopeKey(change.scope ?? {}) === wanted);
    if (match) return { index: match.index };
    const message = `operation '${operation.id}' proposes no change to '${attributeAlias}' in scope ${JSON.stringify(scope)} (it does in: ${scopes})`;
    return { issues: [{ field: 'scope', rule: 'exists', message, attributeAlias, scope }] };
  }
  if (candidates.length === 1) return { index: candidates[0].index };
  const message = `operation '${operation.id}' proposes ${candidates.length} changes to '${attributeAlias}'; scope must name one of: ${scopes}`;
  return { issues: [{ field: 'scope', rule: 'required', message, attributeAlias }] };
}
