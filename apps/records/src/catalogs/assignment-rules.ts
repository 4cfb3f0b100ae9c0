import { CATEGORIES_ATTRIBUTE, type AssignmentInput, type ValidationIssue, type ValueChange } from '@sigma/contracts';
import { issue } from '../workspace/validation-helpers';
import { checkSortOrder } from './validate-category';

export const ASSIGNMENTS_MAX = 1000;

/** Shape of a record's new assignment set: category ids present and not repeated, sort orders in range. */
export function validateAssignments(inputs: unknown, field = 'categories'): ValidationIssue[] {
  if (!Array.isArray(inputs)) return [issue(field, 'type', 'must be an array of { categoryId, sortOrder }')];
  if (inputs.length > ASSIGNMENTS_MAX) return [issue(field, 'maxItems', `must have at most ${ASSIGNMENTS_MAX} entries`)];
  const seen = new Set<string>();
  return inputs.flatMap((input: Partial<AssignmentInput> | null, index) => {
    const at = `${field}[${index}]`;
    const issues = checkAssignment(input, at);
    if (typeof input?.categoryId === 'string') {
      if (seen.has(input.categoryId)) issues.push(issue(`${at}.categoryId`, 'unique', `category '${input.categoryId}' appears more than once`));
      seen.add(input.categoryId);
    }
    return issues;
  });
}

export function checkAssignment(input: Partial<AssignmentInput> | null | undefined, at = ''): ValidationIssue[] {
  const prefix = at ? `${at}.` : '';
  const issues: ValidationIssue[] = [];
  if (typeof input?.categoryId !== 'string' || input.categoryId.length === 0)
    issues.push(issue(`${prefix}categoryId`, 'required', 'must be a category id'));
  issues.push(...checkSortOrder(input?.sortOrder, `${prefix}sortOrder`));
  return issues;
}

/**
 * The audit change of an assignment change: the record's category ids (sorted) before and after, as
 * one global-scope change of the pseudo-attribute `categories`. Undefined when the set is the same
 * (a new sort order alone moves a record within a category, it does not change the record).
 */
export function categoriesChange(before: readonly string[], after: readonly string[]): ValueChange | undefined {
  const oldValue = [...new Set(before)].sort();
  const newValue = [...new Set(after)].sort();
  if (oldValue.length === newValue.length && oldValue.every((id, index) => id === newValue[index])) return undefined;
  return { attributeAlias: CATEGORIES_ATTRIBUTE, scope: {}, oldValue, newValue };
}
