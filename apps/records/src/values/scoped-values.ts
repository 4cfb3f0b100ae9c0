import type { AttributeDto, Scope, ScopedValue, ValidationIssue, ValuesMap } from '@sigma/contracts';
import { normalizeScope, scopeKey } from './scope';
import { checkValue } from './value-rules';

/** What value validation needs to know of the workspace: a schema's attributes and the dimensions' segments. */
export interface ValueContext {
  attributes: ReadonlyMap<string, AttributeDto>;
  segmentsByDimension: ReadonlyMap<string, ReadonlySet<string>>;
}

export interface ValidatedValues {
  issues: ValidationIssue[];
  /** Normalized values: scopes with sorted keys, null values dropped (a null clears its scope). */
  values: ValuesMap;
}

/**
 * Validates an attribute alias -> scoped values map against a schema. Every broken rule is
 * reported with its path, attribute alias and scope, so a client can fix all of them at once.
 */
export function validateValuesMap(context: ValueContext, input: unknown, path = 'values'): ValidatedValues {
  const issues: ValidationIssue[] = [];
  const values: ValuesMap = {};
  if (!isPlainObject(input)) {
    issues.push({ field: path, rule: 'type', message: 'must be an object of attribute alias -> scoped values' });
    return { issues, values };
  }
  for (const [alias, scopedValues] of Object.entries(input)) {
    const result = validateAttributeValues(context, alias, scopedValues, `${path}.${alias}`);
    issues.push(...result.issues);
    values[alias] = result.values;
  }
  return { issues, values };
}

export function validateAttributeValues(
  context: ValueContext,
  alias: string,
  input: unknown,
  path: string,
): { issues: ValidationIssue[]; values: ScopedValue[] } {
  const issues: ValidationIssue[] = [];
  const values: ScopedValue[] = [];
  const attribute = context.attributes.get(alias);
  if (!attribute) {
    issues.push({ field: path, rule: 'unknown-attribute', message: `attribute '${alias}' is not in the schema`, attributeAlias: alias });
    return { issues, values };
  }
  if (!Array.isArray(input)) {
    issues.push({ field: path, rule: 'type', message: 'must be an array of { scope, value }', attributeAlias: alias });
    return { issues, values };
  }
  const seenScopes = new Set<string>();
  input.forEach((item: unknown, index) => {
    const itemPath = `${path}[${index}]`;
    if (!isPlainObject(item) || !isPlainObject(item.scope) || !('value' in item)) {
      issues.push({ field: itemPath, rule: 'type', message: 'must be { scope: object, value }', attributeAlias: alias });
      return;
    }
    const scope = item.scope as Record<string, unknown>;
    const scopeIssues = checkScope(context, attribute, scope);
    const reported = isStringMap(scope) ? normalizeScope(scope) : undefined;
    for (const issue of scopeIssues)
      issues.push({ field: `${itemPath}.scope`, ...issue, attributeAlias: alias, ...(reported && { scope: reported }) });
    if (scopeIssues.length > 0 || !reported) return;
    const key = scopeKey(reported);
    if (seenScopes.has(key)) {
      issues.push({ field: `${itemPath}.scope`, rule: 'duplicate-scope', message: 'an attribute holds one value per scope', attributeAlias: alias, scope: reported });
      return;
    }
    seenScopes.add(key);
    if (item.value === null) return;
    for (const violation of checkValue(attribute, item.value))
      issues.push({ field: `${itemPath}.value`, ...violation, attributeAlias: alias, scope: reported });
    values.push({ scope: reported, value: item.value });
  });
  return { issues, values };
}

export function checkScope(context: ValueContext, attribute: AttributeDto, scope: Record<string, unknown>): Omit<ValidationIssue, 'field'>[] {
  const problems: Omit<ValidationIssue, 'field'>[] = [];
  for (const [dimensionId, segmentId] of Object.entries(scope)) {
    if (typeof segmentId !== 'string') {
      problems.push({ rule: 'scope-segment', message: `segment of '${dimensionId}' must be a string` });
    } else if (!attribute.dimensionIds.includes(dimensionId)) {
      const allowed = attribute.dimensionIds.length ? attribute.dimensionIds.join(', ') : 'none (global only)';
      problems.push({ rule: 'scope-dimension', message: `'${attribute.alias}' is not scoped by '${dimensionId}'; allowed dimensions: ${allowed}` });
    } else if (!context.segmentsByDimension.get(dimensionId)?.has(segmentId)) {
      problems.push({ rule: 'scope-segment', message: `'${segmentId}' is not a segment of '${dimensionId}'` });
    }
  }
  return problems;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringMap(value: Record<string, unknown>): value is Scope {
  return Object.values(value).every((item) => typeof item === 'string');
}
