import type { AttributeDto } from '@sigma/contracts';
import { validateAttributes, validateSchemaFields } from './validate-schema';

const context = { dimensionIds: new Set(['dim-language', 'dim-market']) };

const attributes = (): AttributeDto[] => [
  { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: ['dim-language'], rules: { maxLength: 200 } },
  { alias: 'garment-type', name: 'Garment Type', dataType: 'select', dimensionIds: [], rules: { options: ['shirt', 'jacket', 'trousers'] } },
  {
    alias: 'sleeve-length',
    name: 'Sleeve Length',
    dataType: 'select',
    dimensionIds: [],
    rules: { options: ['short', 'long'] },
    guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] },
  },
];

const fields = (list: unknown) => validateAttributes(list, context).map((issue) => `${issue.field}:${issue.rule}`);

describe('validateAttributes', () => {
  it('accepts a sound attribute list, and an empty one', () => {
    expect(validateAttributes(attributes(), context)).toEqual([]);
    expect(validateAttributes([], context)).toEqual([]);
  });

  it('names attributes[i].dimensionIds for an unknown dimension, with the attribute alias', () => {
    const list = attributes();
    list[0].dimensionIds = ['dim-language', 'dim-colour'];
    expect(validateAttributes(list, context)).toEqual([
      { field: 'attributes[0].dimensionIds', rule: 'exists', message: 'unknown dimension: dim-colour', attributeAlias: 'product-name' },
    ]);
  });

  it('rejects a dimension listed twice', () => {
    const list = attributes();
    list[0].dimensionIds = ['dim-language', 'dim-language'];
    expect(fields(list)).toEqual(['attributes[0].dimensionIds:unique']);
  });

  it('rejects a repeated alias at its second use', () => {
    const list = [...attributes(), { ...attributes()[0], name: 'Again' }];
    expect(fields(list)).toEqual(['attributes[3].alias:unique']);
  });

  it('rejects aliases that are not stable ids and unknown data types', () => {
    const list = attributes();
    list[0].alias = 'Product Name';
    list[1].dataType = 'colour' as never;
    expect(fields(list)).toEqual(['attributes[0].alias:pattern', 'attributes[1].dataType:dataType']);
  });

  it('checks rules against the data type', () => {
    const list = attributes();
    list[1].rules = {};
    expect(fields(list)).toEqual(['attributes[1].rules.options:required']);
  });

  it('checks guards once every attribute is sound', () => {
    const list = attributes();
    list[2].guard = { attributeAlias: 'colour', operator: 'exists' };
    expect(fields(list)).toEqual(['attributes[2].guard.attributeAlias:guard-target']);
  });

  it('reports malformed entries instead of throwing', () => {
    expect(fields('nope')).toEqual(['attributes:type']);
    expect(fields([null])).toEqual(['attributes[0]:type']);
    expect(fields([{ alias: 'a', name: 'A', dataType: 'text', rules: {} }])).toEqual(['attributes[0].dimensionIds:type']);
  });
});

describe('validateSchemaFields', () => {
  const create = { id: 'schema-footwear', name: 'Footwear', initialLifecycleStateId: 'state-draft' };

  it('needs id, name and initial state on create', () => {
    expect(validateSchemaFields(create, false)).toEqual([]);
    expect(validateSchemaFields({ id: 'Bad Id' } as never, false).map((issue) => issue.field)).toEqual([
      'id',
      'name',
      'initialLifecycleStateId',
    ]);
  });

  it('checks only the fields given on update; null description is allowed (it clears)', () => {
    expect(validateSchemaFields({ id: 'schema-footwear' }, true)).toEqual([]);
    expect(validateSchemaFields({ id: 'x', description: null }, true)).toEqual([]);
    expect(validateSchemaFields({ id: 'x', name: '' }, true).map((issue) => issue.field)).toEqual(['name']);
    expect(validateSchemaFields({ id: 'x', description: 'd'.repeat(2001) }, true).map((issue) => issue.rule)).toEqual(['maxLength']);
  });
});
