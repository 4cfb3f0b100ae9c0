import type { ResolvedCondition } from './attribute-conditions';

/** Values a filter treats as empty: what a stored scoped value can hold that carries nothing. */
const EMPTY_VALUES = `('""'::jsonb, '[]'::jsonb, 'null'::jsonb)`;

/**
 * The SQL of one attribute condition on `record r`, pushing its parameters. Only the exact scope
 * matches. Equality and `in` first test containment in `r.values` (served by the GIN index on the
 * values), then check the exact scope and value on the matching element.
 */
export function conditionSql({ condition, dataType }: ResolvedCondition, params: unknown[]): string {
  const alias = `$${params.push(condition.attribute)}`;
  const scope = `$${params.push(JSON.stringify(condition.scope))}::jsonb`;
  const element = (predicate: string) =>
    `EXISTS (SELECT 1 FROM jsonb_array_elements(r."values"->${alias}) e WHERE e->'scope' = ${scope} AND ${predicate})`;
  const multi = dataType === 'multiselect';
  const containment = (value: unknown) => {
    const entry = Object.keys(condition.scope).length ? { scope: condition.scope, value: multi ? [value] : value } : { value: multi ? [value] : value };
    return `r."values" @> $${params.push(JSON.stringify({ [condition.attribute]: [entry] }))}::jsonb`;
  };
  const matches = (value: unknown) => `e->'value' ${multi ? '@>' : '='} $${params.push(JSON.stringify(value))}::jsonb`;
  switch (condition.operator) {
    case 'eq':
      return `(${containment(condition.value)} AND ${element(matches(condition.value))})`;
    case 'in': {
      const values = condition.value as unknown[];
      return `((${values.map(containment).join(' OR ')}) AND ${element(`(${values.map(matches).join(' OR ')})`)})`;
    }
    case 'contains':
      return element(`e->>'value' ILIKE $${params.push(`%${escapeLike(String(condition.value))}%`)}`);
    case 'empty':
      return `NOT ${element(`e->'value' NOT IN ${EMPTY_VALUES}`)}`;
    case 'notEmpty':
      return element(`e->'value' NOT IN ${EMPTY_VALUES}`);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.operator];
      const bound = `$${params.push(String(condition.value))}`;
      return dataType === 'date'
        ? element(`jsonb_typeof(e->'value') = 'string' AND (e->>'value')::timestamptz ${op} ${bound}::timestamptz`)
        : element(`jsonb_typeof(e->'value') = 'number' AND (e->'value')::numeric ${op} ${bound}::numeric`);
    }
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
