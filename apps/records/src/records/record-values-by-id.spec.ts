import { valuesOf } from './record-values-by-id';

const row = (id: string, values: object) => ({ id, schema_id: 'schema-a', lifecycle_state_id: 'draft', values_json: JSON.stringify(values) });

describe('valuesOf', () => {
  it('parses every row within the budget', () => {
    expect(valuesOf([row('a', { sku: [{ scope: {}, value: 'A' }] })], 1000)).toEqual({
      items: [{ id: 'a', schemaId: 'schema-a', lifecycleStateId: 'draft', values: { sku: [{ scope: {}, value: 'A' }] } }],
      unread: [],
    });
  });

  it('keeps at least one record and names the rest unread once past the budget', () => {
    const big = { text: [{ scope: {}, value: 'x'.repeat(50) }] };
    const result = valuesOf([row('a', big), row('b', {}), row('c', {})], 10);
    expect(result.items.map((item) => item.id)).toEqual(['a']);
    expect(result.unread).toEqual(['b', 'c']);
  });
});
