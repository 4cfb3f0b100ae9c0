import { type AttributeDto, GUARD_OPERATORS, type GuardOperator, type ValidationIssue } from '@sigma/contracts';
import { checkValue } from '../../values/value-rules';
import { issue } from '../validation-helpers';

/**
 * Guards of a schema's attributes. A guard names another attribute of the same schema, a known
 * operator, and a value that fits it: `exists` takes none, `in` a non-empty array, `equals` /
 * `notEquals` one value. Values must be values the guarded-on attribute could hold (an option
 * of a select, a number for a number ...). Guards may not form a cycle.
 */
export function validateGuards(attributes: readonly AttributeDto[], path = 'attributes'): ValidationIssue[] {
  const byAlias = new Map(attributes.map((attribute) => [attribute.alias, attribute]));
  const issues: ValidationIssue[] = [];
  attributes.forEach((attribute, index) => {
    const guard = attribute.guard;
    if (guard === undefined || guard === null) return;
    const field = `${path}[${index}].guard`;
    const at = { attributeAlias: attribute.alias };
    if (typeof guard !== 'object') {
      issues.push(issue(field, 'type', 'must be { attributeAlias, operator, value? }', at));
      return;
    }
    const target = byAlias.get(guard.attributeAlias);
    if (guard.attributeAlias === attribute.alias) issues.push(issue(`${field}.attributeAlias`, 'guard-target', 'an attribute cannot guard itself', at));
    else if (!target)
      issues.push(issue(`${field}.attributeAlias`, 'guard-target', `'${String(guard.attributeAlias)}' is not an attribute of this schema`, at));
    if (!(GUARD_OPERATORS as readonly string[]).includes(guard.operator)) {
      issues.push(issue(`${field}.operator`, 'guard-operator', `must be one of: ${GUARD_OPERATORS.join(', ')}`, at));
      return;
    }
    const valueIssue = checkGuardValue(guard.operator, guard.value, target && target !== attribute ? target : undefined);
    if (valueIssue) issues.push(issue(`${field}.value`, 'guard-value', valueIssue, at));
  });
  const cycle = findGuardCycle(attributes);
  if (cycle) {
    const index = attributes.findIndex((attribute) => attribute.alias === cycle[0]);
    issues.push(issue(`${path}[${index}].guard`, 'guard-cycle', `guards form a cycle: ${cycle.join(' -> ')}`, { attributeAlias: cycle[0] }));
  }
  return issues;
}

function checkGuardValue(operator: GuardOperator, value: unknown, target?: AttributeDto): string | undefined {
  switch (operator) {
    case 'exists':
      return value === undefined || value === null ? undefined : "'exists' takes no value";
    case 'in': {
      if (!Array.isArray(value) || value.length === 0) return "'in' needs a non-empty array of values";
      if (!target) return undefined;
      const wrong = value.filter((item) => !fitsTarget(target, item, true));
      return wrong.length ? `${JSON.stringify(wrong)} cannot be values of '${target.alias}' (${describe(target)})` : undefined;
    }
    default:
      if (value === undefined || value === null) return `'${operator}' needs a value`;
      return target && !fitsTarget(target, value, false) ? `${JSON.stringify(value)} cannot be a value of '${target.alias}' (${describe(target)})` : undefined;
  }
}

/** Could the target attribute hold this value? For `in` on a multiselect, each item is one option. */
function fitsTarget(target: AttributeDto, value: unknown, element: boolean): boolean {
  const options = target.rules?.options;
  if (target.dataType === 'multiselect' && element) return typeof value === 'string' && (!options || options.includes(value));
  // Only the type and the options matter here; length, pattern and range rules stay with record values.
  return checkValue({ dataType: target.dataType, rules: options ? { options } : {} }, value).length === 0;
}

function describe(target: AttributeDto): string {
  return target.rules?.options ? `${target.dataType} of ${target.rules.options.join(', ')}` : target.dataType;
}

/** The first cycle of guard references (a -> b -> a), or undefined. */
export function findGuardCycle(attributes: readonly AttributeDto[]): string[] | undefined {
  const next = new Map<string, string>();
  for (const attribute of attributes) if (attribute.guard?.attributeAlias) next.set(attribute.alias, attribute.guard.attributeAlias);
  for (const start of next.keys()) {
    const path = [start];
    let current = next.get(start);
    while (current !== undefined && current !== start && !path.includes(current)) {
      path.push(current);
      current = next.get(current);
    }
    if (current === start && path.length > 1) return [...path, start];
  }
  return undefined;
}
