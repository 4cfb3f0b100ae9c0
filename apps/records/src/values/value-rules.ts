import type { AttributeDto } from '@sigma/contracts';

export interface RuleViolation {
  rule: string;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks one non-null value against its attribute's data type and rules.
 * Returns every broken rule (empty when valid). Uniqueness needs the database and is checked there.
 */
export function checkValue(attribute: Pick<AttributeDto, 'dataType' | 'rules'>, value: unknown): RuleViolation[] {
  const typeError = checkType(attribute.dataType, value, attribute.rules.options);
  if (typeError) return [typeError];
  return checkRules(attribute, value);
}

function checkType(dataType: AttributeDto['dataType'], value: unknown, options?: string[]): RuleViolation | undefined {
  const fail = (message: string): RuleViolation => ({ rule: 'dataType', message });
  switch (dataType) {
    case 'text':
    case 'richtext':
      return typeof value === 'string' ? undefined : fail(`must be a string (${dataType})`);
    case 'url':
      return typeof value === 'string' && isHttpUrl(value) ? undefined : fail('must be an absolute http(s) URL');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : fail('must be a finite number');
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : fail('must be an integer');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : fail('must be true or false');
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? undefined : fail('must be an ISO 8601 date (YYYY-MM-DD) or date-time');
    case 'select':
      if (typeof value !== 'string') return fail('must be one option (a string)');
      return options && !options.includes(value) ? { rule: 'options', message: `must be one of: ${options.join(', ')}` } : undefined;
    case 'multiselect': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return fail('must be an array of options');
      if (new Set(value).size !== value.length) return { rule: 'options', message: 'must not repeat an option' };
      const unknown = options ? value.filter((item) => !options.includes(item as string)) : [];
      return unknown.length ? { rule: 'options', message: `unknown options ${unknown.join(', ')}; allowed: ${(options ?? []).join(', ')}` } : undefined;
    }
    default:
      return fail(`unsupported data type ${String(dataType)}`);
  }
}

function checkRules(attribute: Pick<AttributeDto, 'dataType' | 'rules'>, value: unknown): RuleViolation[] {
  const { rules } = attribute;
  const violations: RuleViolation[] = [];
  const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
  if (texts.some((text) => text.includes('\u0000')))
    violations.push({ rule: 'characters', message: 'must not contain NUL characters' });
  if (typeof value === 'string') {
    const length = [...value].length;
    if (rules.minLength !== undefined && length < rules.minLength)
      violations.push({ rule: 'minLength', message: `must be at least ${rules.minLength} characters` });
    if (rules.maxLength !== undefined && length > rules.maxLength)
      violations.push({ rule: 'maxLength', message: `must be at most ${rules.maxLength} characters` });
    if (rules.pattern !== undefined && !new RegExp(rules.pattern, 'u').test(value))
      violations.push({ rule: 'pattern', message: `must match ${rules.pattern}` });
  }
  if (typeof value === 'number') {
    if (rules.min !== undefined && value < rules.min) violations.push({ rule: 'min', message: `must be at least ${rules.min}` });
    if (rules.max !== undefined && value > rules.max) violations.push({ rule: 'max', message: `must be at most ${rules.max}` });
  }
  return violations;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isValidDate(value: string): boolean {
  if (!DATE.test(value) && !DATE_TIME.test(value)) return false;
  if (Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value))) return false;
  // Date.parse rolls 2024-02-31 over to March: the calendar date itself must round-trip.
  const day = value.slice(0, 10);
  return new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** Null, "" and [] hold no information: they fill no completeness slot. */
export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}
