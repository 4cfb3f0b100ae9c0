import { isStableId, STABLE_ID_MAX_LENGTH, STABLE_ID_MESSAGE, type ValidationIssue } from '@sigma/contracts';

export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 2000;

export function issue(field: string, rule: string, message: string, extra: Partial<ValidationIssue> = {}): ValidationIssue {
  return { field, rule, message, ...extra };
}

/** A stable id (`dim-language`, `product-name`): lowercase letters, digits and dashes, at most 100 characters. */
export function checkStableId(value: unknown, field: string): ValidationIssue[] {
  if (typeof value !== 'string' || value.length === 0) return [issue(field, 'required', 'must be a non-empty string')];
  if (value.length > STABLE_ID_MAX_LENGTH) return [issue(field, 'maxLength', `must be at most ${STABLE_ID_MAX_LENGTH} characters`)];
  return isStableId(value) ? [] : [issue(field, 'pattern', STABLE_ID_MESSAGE)];
}

/** A display name: a non-blank string of at most `max` characters. */
export function checkName(value: unknown, field: string, max = NAME_MAX_LENGTH): ValidationIssue[] {
  if (typeof value !== 'string' || value.trim().length === 0) return [issue(field, 'required', 'must be a non-blank string')];
  return value.length > max ? [issue(field, 'maxLength', `must be at most ${max} characters`)] : [];
}

/** Issues for every entry whose key was already seen, pointing at the later duplicate. */
export function checkUnique<T>(items: readonly T[], key: (item: T) => unknown, field: (index: number) => string, what: string): ValidationIssue[] {
  const seen = new Set<unknown>();
  const issues: ValidationIssue[] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) issues.push(issue(field(index), 'unique', `${what} '${String(value)}' appears more than once`));
    seen.add(value);
  });
  return issues;
}
