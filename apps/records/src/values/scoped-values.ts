import { type AttributeDto, IssueCollector, type Scope, type ScopedValue, type ValidationIssue, type ValuesMap } from '@sigma/contracts';
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
 * reported with its path, attribute alias and scope, so a client can fix all of them at once,
 * up to MAX_REPORTED_ISSUES; past that, issues are only counted (`too-many-issues` gives the
 * total) and an unknown alias costs one lookup, so a body of thousands of bad keys stays cheap.
 */
export function validateValuesMap(context: ValueContext, input: unknown, path = 'values'): ValidatedValues {
  const values: ValuesMap = {};
  if (!isPlainObject(input)) {
    return { issues: [{ field: path, rule: 'type', message: 'must be an object of attribute alias -> scoped values' }], values };
  }
  const issues = new IssueCollector(path);
  for (const alias of Object.keys(input)) {
    if (!context.attributes.has(alias)) {
      issues.add(() => unknownAttribute(alias, `${path}.${alias}`));
      continue;
    }
    // The write is refused anyway: values past the cap are not checked.
    if (issues.full) {
      issues.stop();
      continue;
    }
    values[alias] = collectAttributeValues(context, alias, input[alias], `${path}.${alias}`, issues);
  }
  return { issues: issues.list(), values };
}

export function validateAttributeValues(
  context: ValueContext,
  alias: string,
  input: unknown,
  path: string,
): { issues: ValidationIssue[]; values: ScopedValue[] } {
  const issues = new IssueCollector(path);
  const values = collectAttributeValues(context, alias, input, path, issues);
  return { issues: issues.list(), values };
}

function unknownAttribute(alias: string, path: string): ValidationIssue {
  return { field: path, rule: 'unknown-attribute', message: `attribute '${alias}' is not in the schema`, attributeAlias: alias };
}

function collectAttributeValues(context: ValueContext, alias: string, input: unknown, path: string, issues: IssueCollector): ScopedValue[] {
  const values: ScopedValue[] = [];
  const attribute = context.attributes.get(alias);
  if (!attribute) {
    issues.add(unknownAttribute(alias, path));
    return values;
  }
  if (!Array.isArray(input)) {
    issues.add({ field: path, rule: 'type', message: 'must be an array of { scope, value }', attributeAlias: alias });
    return values;
  }
  const seenScopes = new Set<string>();
  for (const [index, item] of (input as unknown[]).entries()) {
    if (issues.full) {
      issues.stop();
      break;
    }
    const itemPath = `${path}[${index}]`;
    if (!isPlainObject(item) || !isPlainObject(item.scope) || !('value' in item)) {
      issues.add({ field: itemPath, rule: 'type', message: 'must be { scope: object, value }', attributeAlias: alias });
      continue;
    }
    const scope = item.scope as Record<string, unknown>;
    const scopeIssues = checkScope(context, attribute, scope);
    const reported = isStringMap(scope) ? normalizeScope(scope) : undefined;
    for (const issue of scopeIssues)
      issues.add({ field: `${itemPath}.scope`, ...issue, attributeAlias: alias, ...(reported && { scope: reported }) });
    if (scopeIssues.length > 0 || !reported) continue;
    const key = scopeKey(reported);
    if (seenScopes.has(key)) {
      issues.add({ field: `${itemPath}.scope`, rule: 'duplicate-scope', message: 'an attribute holds one value per scope', attributeAlias: alias, scope: reported });
      continue;
    }
    seenScopes.add(key);
    if (item.value === null) continue;
    for (const violation of checkValue(attribute, item.value))
      issues.add({ field: `${itemPath}.value`, ...violation, attributeAlias: alias, scope: reported });
    values.push({ scope: reported, value: item.value });
  }
  return values;
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
