import type { RecordSummary, SchemaDto } from '@sigma/contracts';
import { type SubmissionContext, validateSubmission } from './validate-submission';

const schema = {
  id: 'schema-apparel',
  name: 'Apparel',
  attributes: [
    { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: ['dim-language'], rules: {} },
    { alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: {} },
    { alias: 'price', name: 'Price', dataType: 'number', dimensionIds: ['dim-market'], rules: {} },
    { alias: 'short-description', name: 'Short Description', dataType: 'richtext', dimensionIds: ['dim-language'], rules: {} },
  ],
} as unknown as SchemaDto;

const otherSchema = { id: 'schema-tools', name: 'Tools', attributes: [{ alias: 'sku', dimensionIds: [] }] } as unknown as SchemaDto;

const records = new Map<string, RecordSummary>([
  ['ent-001', { id: 'ent-001', schemaId: 'schema-apparel', name: 'Classic Oxford Shirt', sku: 'OXF-001' }],
  ['ent-tool', { id: 'ent-tool', schemaId: 'schema-tools' }],
]);

const context: SubmissionContext = {
  schemas: new Map([
    ['schema-apparel', schema],
    ['schema-tools', otherSchema],
  ]),
  records,
};

type Op = Parameters<typeof validateSubmission>[0][number];
const update = (overrides: Partial<Op> = {}): Op => ({
  type: 'update',
  entityId: 'ent-001',
  schemaId: 'schema-apparel',
  changes: [{ attributeAlias: 'short-description', newValue: 'Better text' }],
  ...overrides,
});

describe('validateSubmission', () => {
  it('accepts a valid set of create, update and delete operations', () => {
    expect(
      validateSubmission(
        [
          update(),
          { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'NEW-1' }] },
          { type: 'delete', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [] },
          update({ changes: [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Hemd' }] }),
          update({ changes: [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-de' }, newValue: 10 }] }),
        ],
        context,
      ),
    ).toEqual([]);
  });

  it('needs at least one operation', () => {
    expect(validateSubmission([], context)).toEqual([expect.objectContaining({ field: 'operations', rule: 'minSize' })]);
  });

  it('needs the schema of each operation to exist', () => {
    const issues = validateSubmission([update(), update({ schemaId: 'schema-nope' })], context);
    expect(issues).toContainEqual(expect.objectContaining({ field: 'operations[1].schemaId', rule: 'exists' }));
    expect(issues.find((issue) => issue.field === 'operations[1].schemaId')!.message).toContain('schema-nope');
    expect(issues.filter((issue) => issue.field.startsWith('operations[0]'))).toEqual([]);
  });

  it('skips the attribute checks of an operation whose schema is unknown', () => {
    const issues = validateSubmission([{ type: 'create', schemaId: 'schema-nope', changes: [{ attributeAlias: 'whatever', newValue: 1 }] }], context);
    expect(issues).toEqual([expect.objectContaining({ field: 'operations[0].schemaId', rule: 'exists' })]);
  });

  it('forbids an entityId on a create', () => {
    const issues = validateSubmission([{ type: 'create', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'X' }] }], context);
    expect(issues).toEqual([expect.objectContaining({ field: 'operations[0].entityId', rule: 'forbidden' })]);
  });

  it.each(['update', 'delete'] as const)('requires an entityId on a %s (absent, null or empty)', (type) => {
    for (const entityId of [undefined, null, '']) {
      const issues = validateSubmission([update({ type, entityId })], context);
      expect(issues).toContainEqual(expect.objectContaining({ field: 'operations[0].entityId', rule: 'required' }));
    }
  });

  it.each(['update', 'delete'] as const)('requires the entity of a %s to exist', (type) => {
    const issues = validateSubmission([update({ type, entityId: 'ent-999' })], context);
    expect(issues).toEqual([expect.objectContaining({ field: 'operations[0].entityId', rule: 'exists' })]);
    expect(issues[0].message).toContain('ent-999');
  });

  it('requires the entity to belong to the operation schema', () => {
    const issues = validateSubmission([update({ entityId: 'ent-tool' })], context);
    expect(issues).toEqual([expect.objectContaining({ field: 'operations[0].schemaId', rule: 'same-schema' })]);
    expect(issues[0].message).toContain('schema-tools');
  });

  it('requires at least one change on a create and an update, not on a delete', () => {
    expect(validateSubmission([update({ changes: [] })], context)).toEqual([expect.objectContaining({ field: 'operations[0].changes', rule: 'minSize' })]);
    expect(validateSubmission([{ type: 'create', schemaId: 'schema-apparel', changes: [] }], context)).toEqual([
      expect.objectContaining({ field: 'operations[0].changes', rule: 'minSize' }),
    ]);
    expect(validateSubmission([update({ type: 'delete', changes: [] })], context)).toEqual([]);
  });

  it('requires each change to target an attribute of the schema', () => {
    const issues = validateSubmission(
      [update({ changes: [{ attributeAlias: 'short-description', newValue: 'ok' }, { attributeAlias: 'colour', newValue: 'red' }] })],
      context,
    );
    expect(issues).toEqual([
      expect.objectContaining({ field: 'operations[0].changes[1].attributeAlias', rule: 'exists', attributeAlias: 'colour' }),
    ]);
  });

  it('reports every broken rule with its own path', () => {
    const issues = validateSubmission(
      [
        update(),
        { type: 'create', entityId: 'ent-001', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'colour', newValue: 'red' }] },
        update({ entityId: 'ent-404', changes: [{ attributeAlias: 'price', scope: { 'dim-language': 'seg-da' }, newValue: 1 }] }),
      ],
      context,
    );
    expect(issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['operations[1].entityId', 'forbidden'],
      ['operations[1].changes[0].attributeAlias', 'exists'],
      ['operations[2].entityId', 'exists'],
    ]);
  });
});
