import type { AttributeCondition, AttributeDto } from '@sigma/contracts';
import { resolveConditions } from './attribute-conditions';

const attribute = (alias: string, dataType: AttributeDto['dataType'], extra: Partial<AttributeDto> = {}): AttributeDto =>
  ({ alias, name: alias, dataType, dimensionIds: [], rules: {}, ...extra }) as AttributeDto;
const attributes = new Map<string, AttributeDto>([
  ['name', attribute('name', 'text', { dimensionIds: ['dim-language'] })],
  ['price', attribute('price', 'number', { dimensionIds: ['dim-market'] })],
  ['released', attribute('released', 'date')],
  ['kind', attribute('kind', 'select', { rules: { options: ['shirt', 'jacket'] } })],
  ['tags', attribute('tags', 'multiselect', { rules: { options: ['a', 'b'] } })],
  ['active', attribute('active', 'boolean')],
]);
const segmentsByDimension = new Map([
  ['dim-language', new Set(['seg-da', 'seg-de'])],
  ['dim-market', new Set(['seg-dk'])],
]);
const resolve = (...conditions: AttributeCondition[]) =>
  resolveConditions(conditions, (alias) => (attributes.has(alias) ? [attributes.get(alias) as AttributeDto] : []), { segmentsByDimension });
const fields = (...conditions: AttributeCondition[]) => resolve(...conditions).issues.map((issue) => `${issue.field} ${issue.rule}`);

describe('resolveConditions', () => {
  it('accepts each operator on an attribute it fits, normalizing the scope', () => {
    const { issues, resolved } = resolve(
      { attribute: 'name', scope: { 'dim-language': 'seg-da' }, operator: 'contains', value: 'shirt' },
      { attribute: 'price', scope: { 'dim-market': 'seg-dk' }, operator: 'gte', value: 10 },
      { attribute: 'released', operator: 'lt', value: '2026-01-01' },
      { attribute: 'kind', operator: 'in', value: ['shirt', 'jacket'] },
      { attribute: 'tags', operator: 'eq', value: 'a' },
      { attribute: 'active', operator: 'eq', value: true },
      { attribute: 'name', operator: 'empty' },
    );
    expect(issues).toEqual([]);
    expect(resolved.map((entry) => entry.dataType)).toEqual(['text', 'number', 'date', 'select', 'multiselect', 'boolean', 'text']);
    expect(resolved[6].condition.scope).toEqual({});
  });

  it('names the condition and the part that is wrong', () => {
    expect(fields({ attribute: 'nope', operator: 'eq', value: 1 })).toEqual(['filters[0].attribute unknown-attribute']);
    expect(fields({ attribute: 'name', operator: 'like' as never, value: 'x' })).toEqual(['filters[0].operator isIn']);
    expect(fields({ attribute: 'price', operator: 'eq', value: 'cheap' })).toEqual(['filters[0].value dataType']);
    expect(fields({ attribute: 'price', operator: 'contains', value: '1' })).toEqual(['filters[0].value operator']);
    expect(fields({ attribute: 'name', operator: 'gt', value: 'a' })).toEqual(['filters[0].value operator']);
    expect(fields({ attribute: 'kind', operator: 'eq', value: 'spaceship' })).toEqual(['filters[0].value options']);
    expect(fields({ attribute: 'kind', operator: 'in', value: [] })).toEqual(['filters[0].value type']);
    expect(fields({ attribute: 'name', operator: 'empty', value: 'x' })).toEqual(['filters[0].value absent']);
    expect(fields({ attribute: 'name', operator: 'eq' })).toEqual(['filters[0].value required']);
  });

  it('checks the scope against the attribute\'s dimensions and segments', () => {
    expect(fields({ attribute: 'name', scope: { 'dim-market': 'seg-dk' }, operator: 'eq', value: 'x' })).toEqual(['filters[0].scope scope-dimension']);
    expect(fields({ attribute: 'name', scope: { 'dim-language': 'seg-xx' }, operator: 'eq', value: 'x' })).toEqual(['filters[0].scope scope-segment']);
  });

  it('reports every broken condition with its index, and caps their number', () => {
    expect(fields({ attribute: 'price', operator: 'gt', value: 1 }, { attribute: 'x', operator: 'eq', value: 1 })).toEqual(['filters[1].attribute unknown-attribute']);
    const many = Array.from({ length: 11 }, () => ({ attribute: 'price', operator: 'gt', value: 1 }) as AttributeCondition);
    expect(fields(...many)).toEqual(['filters maxItems']);
  });
});
