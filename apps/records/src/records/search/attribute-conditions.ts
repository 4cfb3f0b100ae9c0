import {
  ATTRIBUTE_OPERATORS,
  type AttributeCondition,
  type AttributeDto,
  MAX_ATTRIBUTE_CONDITIONS,
  MAX_IN_VALUES,
  type ValidationIssue,
} from '@sigma/contracts';
import { checkScope, type ValueContext } from '../../values/scoped-values';
import { normalizeScope } from '../../values/scope';
import { checkValue } from '../../values/value-rules';

const ORDERED_TYPES = new Set(['number', 'integer', 'date']);
const TEXT_TYPES = new Set(['text', 'richtext', 'url', 'select']);

/** A condition checked against its attribute: what the SQL needs. */
export interface ResolvedCondition {
  condition: AttributeCondition & { scope: Record<string, string> };
  dataType: AttributeDto['dataType'];
}

/**
 * Checks each condition against the attribute it names (in the filtered schema, or in any schema
 * when no schema is given): known attribute, operator fit for its data type, value of its type,
 * scope of its dimensions. Every problem is reported with the condition's path, e.g. `filters[1].value`.
 */
export function resolveConditions(
  conditions: readonly AttributeCondition[],
  attributesOf: (alias: string) => readonly AttributeDto[],
  context: Pick<ValueContext, 'segmentsByDimension'>,
): { issues: ValidationIssue[]; resolved: ResolvedCondition[] } {
  const issues: ValidationIssue[] = [];
  const resolved: ResolvedCondition[] = [];
  if (conditions.length > MAX_ATTRIBUTE_CONDITIONS) {
    return { issues: [{ field: 'filters', rule: 'maxItems', message: `at most ${MAX_ATTRIBUTE_CONDITIONS} conditions` }], resolved };
  }
  conditions.forEach((condition, index) => {
    const path = `filters[${index}]`;
    const issue = (field: string, rule: string, message: string) =>
      issues.push({ field: `${path}${field}`, rule, message, attributeAlias: condition.attribute });
    const [attribute] = attributesOf(condition.attribute);
    if (!attribute) return issue('.attribute', 'unknown-attribute', `attribute '${condition.attribute}' is not in the schema`);
    if (!(ATTRIBUTE_OPERATORS as readonly string[]).includes(condition.operator)) {
      return issue('.operator', 'isIn', `operator must be one of ${ATTRIBUTE_OPERATORS.join(', ')}`);
    }
    const scope = condition.scope ?? {};
    for (const problem of checkScope({ attributes: new Map(), segmentsByDimension: context.segmentsByDimension }, attribute, scope)) {
      issue('.scope', problem.rule, problem.message);
    }
    const valueProblem = checkConditionValue(attribute, condition);
    if (valueProblem) issue('.value', valueProblem.rule, valueProblem.message);
    resolved.push({ condition: { ...condition, scope: normalizeScope(scope) }, dataType: attribute.dataType });
  });
  return { issues, resolved };
}

function checkConditionValue(attribute: AttributeDto, condition: AttributeCondition): { rule: string; message: string } | undefined {
  const { operator, value } = condition;
  switch (operator) {
    case 'empty':
    case 'notEmpty':
      return value === undefined ? undefined : { rule: 'absent', message: `${operator} takes no value` };
    case 'in': {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES) {
        return { rule: 'type', message: `in takes an array of 1..${MAX_IN_VALUES} values` };
      }
      return value.map((item) => valueOfType(attribute, item)).find(Boolean);
    }
    case 'contains':
      if (!TEXT_TYPES.has(attribute.dataType)) return { rule: 'operator', message: `contains works on text attributes, not ${attribute.dataType}` };
      return typeof value === 'string' && value.length > 0 ? undefined : { rule: 'type', message: 'contains takes a non-empty string' };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (!ORDERED_TYPES.has(attribute.dataType)) return { rule: 'operator', message: `${operator} works on number, integer and date attributes, not ${attribute.dataType}` };
      return valueOfType(attribute, value);
    case 'eq':
      return valueOfType(attribute, value);
  }
}

/** A comparison value has the attribute's type (one option of a multiselect); its other rules do not apply. */
function valueOfType(attribute: AttributeDto, value: unknown): { rule: string; message: string } | undefined {
  if (value === undefined || value === null) return { rule: 'required', message: 'a value is required' };
  const single = attribute.dataType === 'multiselect' ? { ...attribute, dataType: 'select' as const } : attribute;
  const [problem] = checkValue({ dataType: single.dataType, rules: { options: single.rules.options } }, value);
  return problem;
}
