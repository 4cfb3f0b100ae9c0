import type { DataType, ValidationIssue, ValidationRules } from '@sigma/contracts';
import { issue } from '../validation-helpers';

export const MAX_OPTIONS = 1000;
export const MAX_PATTERN_LENGTH = 500;

const STRING_TYPES: readonly DataType[] = ['text', 'richtext', 'url'];
const NUMERIC_TYPES: readonly DataType[] = ['number', 'integer'];
const OPTION_TYPES: readonly DataType[] = ['select', 'multiselect'];

/** Which data types each rule means something for; a rule on any other type is refused, not ignored. */
const APPLIES_TO: Record<keyof ValidationRules, readonly DataType[] | 'all'> = {
  minLength: STRING_TYPES,
  maxLength: STRING_TYPES,
  pattern: STRING_TYPES,
  min: NUMERIC_TYPES,
  max: NUMERIC_TYPES,
  options: OPTION_TYPES,
  unique: 'all',
};

/**
 * Rules of one attribute, checked against its data type: lengths are non-negative integers with
 * minLength <= maxLength, min <= max, the pattern compiles (as values are tested: Unicode mode),
 * select and multiselect list at least one option, options are distinct non-empty strings.
 */
export function validateRules(dataType: DataType, rules: unknown, path: string): ValidationIssue[] {
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return [issue(path, 'type', 'must be an object')];
  const issues: ValidationIssue[] = [];
  const given = rules as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const appliesTo = APPLIES_TO[key as keyof ValidationRules];
    if (!appliesTo) issues.push(issue(`${path}.${key}`, 'unknown-rule', `'${key}' is not a validation rule`));
    else if (appliesTo !== 'all' && !appliesTo.includes(dataType))
      issues.push(issue(`${path}.${key}`, 'not-applicable', `'${key}' applies to ${appliesTo.join(', ')} attributes, not ${dataType}`));
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    const value = given[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0))
      issues.push(issue(`${path}.${key}`, 'type', 'must be a non-negative integer'));
  }
  for (const key of ['min', 'max'] as const) {
    const value = given[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value)))
      issues.push(issue(`${path}.${key}`, 'type', 'must be a finite number'));
  }
  if (isNumber(given.minLength) && isNumber(given.maxLength) && given.minLength > given.maxLength)
    issues.push(issue(`${path}.minLength`, 'range', `minLength ${given.minLength} is greater than maxLength ${given.maxLength}`));
  if (isNumber(given.min) && isNumber(given.max) && given.min > given.max)
    issues.push(issue(`${path}.min`, 'range', `min ${given.min} is greater than max ${given.max}`));
  if (given.pattern !== undefined) issues.push(...checkPattern(given.pattern, `${path}.pattern`));
  if (given.unique !== undefined && typeof given.unique !== 'boolean') issues.push(issue(`${path}.unique`, 'type', 'must be true or false'));
  if (OPTION_TYPES.includes(dataType)) issues.push(...checkOptions(dataType, given.options, `${path}.options`));
  return issues;
}

function checkPattern(pattern: unknown, field: string): ValidationIssue[] {
  if (typeof pattern !== 'string' || pattern.length === 0) return [issue(field, 'type', 'must be a non-empty regular expression')];
  if (pattern.length > MAX_PATTERN_LENGTH) return [issue(field, 'maxLength', `must be at most ${MAX_PATTERN_LENGTH} characters`)];
  try {
    new RegExp(pattern, 'u');
    return [];
  } catch (error) {
    return [issue(field, 'pattern', `is not a valid regular expression: ${(error as Error).message}`)];
  }
}

function checkOptions(dataType: DataType, options: unknown, field: string): ValidationIssue[] {
  if (options === undefined || (Array.isArray(options) && options.length === 0))
    return [issue(field, 'required', `a ${dataType} attribute needs at least one option`)];
  if (!Array.isArray(options)) return [issue(field, 'type', 'must be an array of strings')];
  const issues: ValidationIssue[] = [];
  if (options.length > MAX_OPTIONS) issues.push(issue(field, 'maxSize', `at most ${MAX_OPTIONS} options`));
  const seen = new Set<string>();
  options.forEach((option: unknown, index) => {
    if (typeof option !== 'string' || option.length === 0) issues.push(issue(`${field}[${index}]`, 'type', 'must be a non-empty string'));
    else if (seen.has(option)) issues.push(issue(`${field}[${index}]`, 'unique', `option '${option}' appears more than once`));
    else seen.add(option);
  });
  return issues;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
