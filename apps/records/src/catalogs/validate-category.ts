import { type ScopedName, scopeKey, type UpsertCatalogRequest, type ValidationIssue } from '@sigma/contracts';
import { checkName, checkStableId, issue, NAME_MAX_LENGTH } from '../workspace/validation-helpers';

export const SORT_ORDER_MAX = 2_147_483_647;
export const SCOPED_NAMES_MAX = 100;

/** Segment ids per dimension id: what a scoped category name may be scoped to. */
export type SegmentsByDimension = ReadonlyMap<string, ReadonlySet<string>>;

export function validateCatalog(request: UpsertCatalogRequest): ValidationIssue[] {
  return [...checkStableId(request.id, 'id'), ...checkName(request.name, 'name')];
}

export function checkSortOrder(value: unknown, field: string): ValidationIssue[] {
  if (value === undefined) return [];
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= SORT_ORDER_MAX
    ? []
    : [issue(field, 'sortOrder', `must be an integer from 0 to ${SORT_ORDER_MAX}`)];
}

/**
 * Scoped names: `[{ scope, value }]` like attribute values, scoped to any dimension of the workspace
 * (usually `dim-language`). The unscoped name is `name`, so `{}` is refused; one name per scope.
 */
export function checkScopedNames(names: unknown, segments: SegmentsByDimension, field = 'names'): ValidationIssue[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) return [issue(field, 'type', 'must be an array of { scope, value }')];
  if (names.length > SCOPED_NAMES_MAX) return [issue(field, 'maxItems', `must have at most ${SCOPED_NAMES_MAX} entries`)];
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  names.forEach((entry: Partial<ScopedName> | null, index) => {
    const at = `${field}[${index}]`;
    const scope = entry?.scope;
    if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
      issues.push(issue(`${at}.scope`, 'type', 'must be an object of dimension id -> segment id'));
    } else if (Object.keys(scope).length === 0) {
      issues.push(issue(`${at}.scope`, 'scoped', 'must name at least one dimension; the unscoped name is `name`'));
    } else {
      for (const [dimensionId, segmentId] of Object.entries(scope)) {
        const known = segments.get(dimensionId);
        if (!known) issues.push(issue(`${at}.scope`, 'dimension', `dimension '${dimensionId}' does not exist`, { scope }));
        else if (typeof segmentId !== 'string' || !known.has(segmentId))
          issues.push(issue(`${at}.scope`, 'segment', `segment '${String(segmentId)}' is not in dimension '${dimensionId}'`, { scope }));
      }
      const key = scopeKey(scope as Record<string, string>);
      if (seen.has(key)) issues.push(issue(`${at}.scope`, 'unique', 'a name for this scope appears more than once', { scope }));
      seen.add(key);
    }
    issues.push(...checkName(entry?.value, `${at}.value`, NAME_MAX_LENGTH));
  });
  return issues;
}

export interface CategoryFields {
  id?: unknown;
  name?: unknown;
  names?: unknown;
  parentId?: unknown;
  sortOrder?: unknown;
}

/** Shape checks of a category create (`id` and `name` required) or update (everything optional). */
export function validateCategoryFields(fields: CategoryFields, segments: SegmentsByDimension, creating: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (creating) issues.push(...checkStableId(fields.id, 'id'));
  if (creating || fields.name !== undefined) issues.push(...checkName(fields.name, 'name'));
  if (fields.parentId !== undefined && fields.parentId !== null && typeof fields.parentId !== 'string')
    issues.push(issue('parentId', 'type', 'must be a category id or null'));
  issues.push(...checkSortOrder(fields.sortOrder, 'sortOrder'), ...checkScopedNames(fields.names, segments));
  return issues;
}
