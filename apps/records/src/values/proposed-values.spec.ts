import type { AttributeDto, ProposedOperation } from '@sigma/contracts';
import { checkProposedOperation } from './proposed-values';
import type { ValueContext } from './scoped-values';

const attribute = (alias: string, dataType: AttributeDto['dataType'], rules: AttributeDto['rules'] = {}, dimensionIds: string[] = []) =>
  ({ alias, name: alias, dataType, dimensionIds, rules }) as AttributeDto;

const context: ValueContext = {
  attributes: new Map(
    [
      attribute('sku', 'text', { unique: true, pattern: '^[A-Z]+-\\d+$' }),
      attribute('price', 'number', { min: 0 }, ['dim-market']),
      attribute('garment-type', 'select', { options: ['shirt', 'jacket'] }),
      attribute('product-name', 'text', { maxLength: 10 }, ['dim-language']),
    ].map((a) => [a.alias, a]),
  ),
  segmentsByDimension: new Map([
    ['dim-market', new Set(['seg-dk', 'seg-de'])],
    ['dim-language', new Set(['seg-da', 'seg-de'])],
  ]),
};

const operation = (changes: ProposedOperation['changes'], extra: Partial<ProposedOperation> = {}): ProposedOperation => ({
  field: 'operations[2]',
  type: 'update',
  entityId: 'ent-1',
  schemaId: 'schema-apparel',
  changes,
  ...extra,
});

describe('checkProposedOperation', () => {
  it('reports each broken value rule at the change, with the rule a record write reports', () => {
    const { issues } = checkProposedOperation(
      context,
      operation([
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, newValue: 'cheap' },
        { attributeAlias: 'garment-type', newValue: 'spaceship' },
        { attributeAlias: 'sku', newValue: 'lower-1' },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, newValue: -1 },
        { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, newValue: 'far too long a name' },
      ]),
    );
    expect(issues.map(({ field, rule }) => [field, rule])).toEqual([
      ['operations[2].changes[0].newValue', 'dataType'],
      ['operations[2].changes[1].newValue', 'options'],
      ['operations[2].changes[2].newValue', 'pattern'],
      ['operations[2].changes[3].newValue', 'min'],
      ['operations[2].changes[4].newValue', 'maxLength'],
    ]);
    expect(issues[0]).toMatchObject({ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, message: 'must be a finite number' });
    expect(issues[1].message).toContain('shirt, jacket');
  });

  it('checks scopes by the attribute dimensions and segments', () => {
    const { issues } = checkProposedOperation(
      context,
      operation([
        { attributeAlias: 'sku', scope: { 'dim-language': 'seg-da' }, newValue: 'A-1' },
        { attributeAlias: 'price', scope: { 'dim-market': 'seg-da' }, newValue: 1 },
      ]),
    );
    expect(issues.map(({ field, rule }) => [field, rule])).toEqual([
      ['operations[2].changes[0].scope', 'scope-dimension'],
      ['operations[2].changes[1].scope', 'scope-segment'],
    ]);
  });

  it('refuses a second value for the same attribute and scope (key order ignored)', () => {
    const scope = { 'dim-market': 'seg-dk' };
    const { issues } = checkProposedOperation(context, operation([{ attributeAlias: 'price', scope, newValue: 1 }, { attributeAlias: 'price', scope: { ...scope }, newValue: 2 }]));
    expect(issues).toEqual([expect.objectContaining({ field: 'operations[2].changes[1].scope', rule: 'duplicate-scope' })]);
  });

  it('accepts null (a clear), leaves unknown attributes to the set checks and skips deletes', () => {
    expect(checkProposedOperation(context, operation([{ attributeAlias: 'price', newValue: null }, { attributeAlias: 'colour', newValue: 1 }])).issues).toEqual([]);
    expect(checkProposedOperation(context, operation([{ attributeAlias: 'price', newValue: 'cheap' }], { type: 'delete' }))).toEqual({ issues: [], uniqueCandidates: [] });
  });

  it('hands valid values of unique attributes on for the check against other records, the updated record excepted', () => {
    const update = checkProposedOperation(context, operation([{ attributeAlias: 'sku', newValue: 'OXF-1' }, { attributeAlias: 'sku', scope: {}, newValue: 'bad' }]));
    expect(update.uniqueCandidates).toEqual([{ field: 'operations[2].changes[0]', attributeAlias: 'sku', scope: {}, value: 'OXF-1', recordId: 'ent-1' }]);
    const create = checkProposedOperation(context, operation([{ attributeAlias: 'sku', newValue: 'NEW-1' }], { type: 'create', entityId: undefined }));
    expect(create.uniqueCandidates).toEqual([{ field: 'operations[2].changes[0]', attributeAlias: 'sku', scope: {}, value: 'NEW-1' }]);
  });
});
