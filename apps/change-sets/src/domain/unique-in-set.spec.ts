import type { SchemaDto } from '@sigma/contracts';
import { duplicateUniqueValues } from './unique-in-set';

const schema = {
  id: 'schema-apparel',
  attributes: [
    { alias: 'sku', dataType: 'text', dimensionIds: [], rules: { unique: true } },
    { alias: 'ean', dataType: 'text', dimensionIds: ['dim-market'], rules: { unique: true } },
    { alias: 'material', dataType: 'text', dimensionIds: [], rules: {} },
  ],
} as unknown as SchemaDto;
const schemas = new Map([[schema.id, schema]]);
const create = (...changes: { attributeAlias: string; newValue: unknown; scope?: Record<string, string> }[]) => ({ type: 'create' as const, schemaId: schema.id, changes });
const update = (entityId: string, ...changes: { attributeAlias: string; newValue: unknown; scope?: Record<string, string> }[]) => ({
  type: 'update' as const,
  entityId,
  schemaId: schema.id,
  changes,
});

describe('duplicateUniqueValues', () => {
  it('reports a unique value proposed for two records, at the later change, naming the first', () => {
    const issues = duplicateUniqueValues([create({ attributeAlias: 'sku', newValue: 'A-1' }), update('ent-1', { attributeAlias: 'material', newValue: 'x' }, { attributeAlias: 'sku', newValue: 'A-1' })], schemas);
    expect(issues).toEqual([
      {
        field: 'operations[1].changes[1].newValue',
        rule: 'unique',
        message: 'value "A-1" is also proposed by operations[0].changes[0]',
        attributeAlias: 'sku',
        scope: {},
      },
    ]);
  });

  it('treats two creates as two records', () => {
    expect(duplicateUniqueValues([create({ attributeAlias: 'sku', newValue: 'B' }), create({ attributeAlias: 'sku', newValue: 'B' })], schemas)).toHaveLength(1);
  });

  it('lets two operations on the same record propose the same value', () => {
    expect(duplicateUniqueValues([update('ent-1', { attributeAlias: 'sku', newValue: 'C' }), update('ent-1', { attributeAlias: 'sku', newValue: 'C' })], schemas)).toEqual([]);
  });

  it('compares within a scope (key order ignored) and by JSON value', () => {
    const issues = duplicateUniqueValues(
      [
        create({ attributeAlias: 'ean', newValue: '123', scope: { 'dim-market': 'seg-dk' } }),
        create({ attributeAlias: 'ean', newValue: '123', scope: { 'dim-market': 'seg-de' } }),
        create({ attributeAlias: 'ean', newValue: 123, scope: { 'dim-market': 'seg-dk' } }),
        create({ attributeAlias: 'ean', newValue: '123', scope: { 'dim-market': 'seg-dk' } }),
      ],
      schemas,
    );
    expect(issues.map((issue) => issue.field)).toEqual(['operations[3].changes[0].newValue']);
  });

  it('ignores attributes that are not unique, null values, deletes and unknown schemas', () => {
    const issues = duplicateUniqueValues(
      [
        create({ attributeAlias: 'material', newValue: 'Wool' }),
        create({ attributeAlias: 'material', newValue: 'Wool' }),
        update('ent-1', { attributeAlias: 'sku', newValue: null }),
        update('ent-2', { attributeAlias: 'sku', newValue: null }),
        { type: 'delete' as const, entityId: 'ent-3', schemaId: schema.id, changes: [{ attributeAlias: 'sku', newValue: 'D' }] },
        { type: 'create' as const, schemaId: 'schema-unknown', changes: [{ attributeAlias: 'sku', newValue: 'D' }] },
        create({ attributeAlias: 'sku', newValue: 'D' }),
      ],
      schemas,
    );
    expect(issues).toEqual([]);
  });
});
