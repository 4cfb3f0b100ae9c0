import { validateRules } from './validate-rules';

const fields = (...args: Parameters<typeof validateRules>) => validateRules(...args).map((issue) => `${issue.field}:${issue.rule}`);

describe('validateRules', () => {
  it('accepts the demo schema\'s rules', () => {
    expect(validateRules('text', { maxLength: 200 }, 'r')).toEqual([]);
    expect(validateRules('text', { unique: true, pattern: '^[A-Z0-9-]+$', maxLength: 64 }, 'r')).toEqual([]);
    expect(validateRules('number', { min: 0 }, 'r')).toEqual([]);
    expect(validateRules('select', { options: ['short', 'long'] }, 'r')).toEqual([]);
    expect(validateRules('boolean', {}, 'r')).toEqual([]);
  });

  it('requires a non-empty options list for select and multiselect', () => {
    expect(fields('select', {}, 'r')).toEqual(['r.options:required']);
    expect(fields('multiselect', { options: [] }, 'r')).toEqual(['r.options:required']);
  });

  it('rejects repeated and empty options', () => {
    expect(fields('multiselect', { options: ['a', '', 'a'] }, 'r')).toEqual(['r.options[1]:type', 'r.options[2]:unique']);
  });

  it('wants minLength <= maxLength and min <= max', () => {
    expect(fields('text', { minLength: 5, maxLength: 4 }, 'r')).toEqual(['r.minLength:range']);
    expect(fields('integer', { min: 10, max: 1 }, 'r')).toEqual(['r.min:range']);
    expect(fields('integer', { min: 1, max: 1 }, 'r')).toEqual([]);
  });

  it('wants lengths to be non-negative integers and bounds finite numbers', () => {
    expect(fields('text', { minLength: -1, maxLength: 2.5 }, 'r')).toEqual(['r.minLength:type', 'r.maxLength:type']);
    expect(fields('number', { min: Number.NaN, max: '3' as never }, 'r')).toEqual(['r.min:type', 'r.max:type']);
  });

  it('rejects a pattern that does not compile in Unicode mode', () => {
    expect(fields('text', { pattern: '([a-z]' }, 'r')).toEqual(['r.pattern:pattern']);
    expect(fields('text', { pattern: '\\p{L}+' }, 'r')).toEqual([]);
  });

  it('refuses rules that do not apply to the data type, and unknown rules', () => {
    expect(fields('number', { maxLength: 3 }, 'r')).toEqual(['r.maxLength:not-applicable']);
    expect(fields('text', { min: 3 }, 'r')).toEqual(['r.min:not-applicable']);
    expect(fields('text', { options: ['a'] }, 'r')).toEqual(['r.options:not-applicable']);
    expect(fields('text', { required: true } as never, 'r')).toEqual(['r.required:unknown-rule']);
  });

  it('allows unique on any type but only as a boolean', () => {
    expect(fields('integer', { unique: true }, 'r')).toEqual([]);
    expect(fields('integer', { unique: 'yes' } as never, 'r')).toEqual(['r.unique:type']);
  });

  it('wants an object', () => {
    expect(fields('text', null, 'r')).toEqual(['r:type']);
    expect(fields('text', [], 'r')).toEqual(['r:type']);
  });
});
