import { z } from 'zod';
import { feedbackInput, getRecordInput, proposeInput, reviseInput, searchRecordsInput, toOperationInput } from './inputs';

const propose = z.object(proposeInput);
const revise = z.object(reviseInput);

const valid = {
  title: 'Danish short descriptions',
  source: { name: 'Claude' },
  operations: [
    {
      type: 'update',
      entityId: 'ent-001',
      schemaId: 'schema-apparel',
      changes: [
        { attributeAlias: 'short-description', scope: { 'dim-language': 'seg-da' }, newValue: 'En klassisk skjorte.', oldValue: null, confidence: 0.8 },
        { attributeAlias: 'material', newValue: '100% organic cotton', reasoning: 'From the supplier sheet' },
      ],
    },
  ],
};

describe('propose_change_set input', () => {
  it('maps to the API body: global scope spelled out, absent fields left out, null oldValue kept', () => {
    const args = propose.parse(valid);
    expect(args.source).toEqual({ name: 'Claude', type: 'agent' });
    expect(args.operations.map(toOperationInput)).toEqual([
      {
        type: 'update',
        entityId: 'ent-001',
        schemaId: 'schema-apparel',
        changes: [
          { attributeAlias: 'short-description', scope: { 'dim-language': 'seg-da' }, oldValue: null, newValue: 'En klassisk skjorte.', confidence: 0.8 },
          { attributeAlias: 'material', scope: {}, newValue: '100% organic cotton', reasoning: 'From the supplier sheet' },
        ],
      },
    ]);
  });

  it('keeps a create without entityId and a delete without changes', () => {
    const args = propose.parse({
      ...valid,
      operations: [
        { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'NEW-1' }] },
        { type: 'delete', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [] },
      ],
    });
    expect(args.operations.map(toOperationInput)).toEqual([
      { type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', scope: {}, newValue: 'NEW-1' }] },
      { type: 'delete', entityId: 'ent-002', schemaId: 'schema-apparel', changes: [] },
    ]);
  });

  it('takes every JSON value kind a data type has: string, number, boolean, option list, null', () => {
    for (const newValue of ['text', 12.5, 3, true, ['shirt', 'jacket'], null]) {
      expect(propose.safeParse({ ...valid, operations: [{ ...valid.operations[0], changes: [{ attributeAlias: 'price', newValue }] }] }).success).toBe(true);
    }
  });

  it.each([
    ['a missing newValue', { attributeAlias: 'price' }],
    ['an object value', { attributeAlias: 'price', newValue: { amount: 1 } }],
    ['a confidence above 1', { attributeAlias: 'price', newValue: 1, confidence: 1.5 }],
    ['a scope mapping to a non-string', { attributeAlias: 'price', newValue: 1, scope: { 'dim-market': 1 } }],
    ['an alias with a slash', { attributeAlias: 'a/b', newValue: 1 }],
  ])('refuses %s', (_, badChange) => {
    expect(propose.safeParse({ ...valid, operations: [{ ...valid.operations[0], changes: [badChange] }] }).success).toBe(false);
  });

  it('needs a title, a source name and at least one operation', () => {
    expect(propose.safeParse({ ...valid, title: '' }).success).toBe(false);
    expect(propose.safeParse({ ...valid, source: {} }).success).toBe(false);
    expect(propose.safeParse({ ...valid, operations: [] }).success).toBe(false);
    expect(propose.safeParse({ ...valid, operations: [{ ...valid.operations[0], type: 'upsert' }] }).success).toBe(false);
  });
});

describe('ids in tool inputs', () => {
  it.each(['../records/ent-001', 'cs_1/../../records', '..', 'ent 1', '', 'x'.repeat(201)])('refuses %j as a change set id', (changeSetId) => {
    expect(revise.safeParse({ changeSetId }).success).toBe(false);
  });

  it('takes generated and stable ids', () => {
    for (const changeSetId of ['cs_xK9mP2vL', 'cs-agent-enrichment']) expect(revise.safeParse({ changeSetId }).success).toBe(true);
    expect(z.object(getRecordInput).parse({ recordId: 'ent-001' })).toEqual({ recordId: 'ent-001', resolved: false });
  });
});

describe('search_records input', () => {
  const search = z.object(searchRecordsInput);

  it('takes conditions per operator and the search filters of the API', () => {
    const args = search.parse({
      schemaId: 'schema-apparel',
      sku: 'OXF-001',
      updatedSince: '2026-01-15T00:00:00Z',
      sort: '-updatedAt',
      filters: [
        { attribute: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] },
        { attribute: 'price', scope: { 'dim-market': 'seg-dk' }, operator: 'gte', value: 500 },
        { attribute: 'short-description', scope: { 'dim-language': 'seg-da' }, operator: 'empty' },
      ],
    });
    expect(args.filters).toHaveLength(3);
  });

  it('refuses what the API would refuse anyway: unknown operators, more than 10 conditions, a date that is not ISO 8601', () => {
    expect(search.safeParse({ filters: [{ attribute: 'price', operator: 'between', value: 1 }] }).success).toBe(false);
    expect(search.safeParse({ filters: Array.from({ length: 11 }, () => ({ attribute: 'sku', operator: 'notEmpty' })) }).success).toBe(false);
    expect(search.safeParse({ updatedSince: 'yesterday' }).success).toBe(false);
    expect(search.safeParse({ completenessGte: 101 }).success).toBe(false);
    expect(search.safeParse({ completenessGte: 50.5 }).success).toBe(false);
  });

  it('takes the completeness filters', () => {
    expect(search.parse({ completenessGte: 80, completenessState: 'state-review', completeFor: 'state-draft' })).toMatchObject({
      completenessGte: 80,
      completenessState: 'state-review',
      completeFor: 'state-draft',
    });
  });
});

describe('paging inputs', () => {
  it('defaults to 20 from 0 and stays within the API limit of 500', () => {
    const search = z.object(searchRecordsInput);
    expect(search.parse({})).toEqual({ offset: 0, limit: 20 });
    expect(search.safeParse({ limit: 500 }).success).toBe(true);
    expect(search.safeParse({ limit: 501 }).success).toBe(false);
    expect(search.safeParse({ offset: -1 }).success).toBe(false);
    expect(z.object(feedbackInput).safeParse({ status: 'revision_requested' }).success).toBe(true);
    expect(z.object(feedbackInput).safeParse({ status: 'done' }).success).toBe(false);
  });
});
