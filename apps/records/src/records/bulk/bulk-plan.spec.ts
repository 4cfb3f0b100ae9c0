import { planBulkUpsert } from './bulk-plan';

const found = { ids: new Set(['rec_1']), bySku: new Map([['A-1', ['rec_1']], ['TWIN', ['rec_2', 'rec_3']]]) };
const values = { material: [{ scope: {}, value: 'Cotton' }] };

describe('planBulkUpsert', () => {
  it('updates a record found by id or by sku, with the line\'s guard', () => {
    expect(planBulkUpsert([{ line: 1, id: 'rec_1', values, expectedVersion: 3 }, { line: 2, sku: 'A-1', values: {} }], { ...found, bySku: new Map([['A-1', ['rec_9']]]) })).toEqual([
      { line: 1, kind: 'update', id: 'rec_1', values, expectedVersion: 3 },
      { line: 2, kind: 'update', id: 'rec_9', values: {}, expectedVersion: undefined },
    ]);
  });

  it('creates when nothing has the key, adding the sku to the values (unless they set it) and keeping a client id', () => {
    expect(planBulkUpsert([{ line: 1, sku: 'NEW-1', schemaId: 's', values }], found)).toEqual([
      { line: 1, kind: 'create', schemaId: 's', values: { ...values, sku: [{ scope: {}, value: 'NEW-1' }] }, id: undefined },
    ]);
    const own = { sku: [{ scope: {}, value: 'NEW-2' }] };
    expect(planBulkUpsert([{ line: 4, sku: 'NEW-2', schemaId: 's', values: own }], found)[0]).toMatchObject({ kind: 'create', values: own });
    expect(planBulkUpsert([{ line: 5, id: 'erp-77', schemaId: 's', values }], found)[0]).toMatchObject({ kind: 'create', id: 'erp-77' });
  });

  it('refuses a create without a schema, a guard on a missing record, an ambiguous sku and a key repeated later in the request', () => {
    const plans = planBulkUpsert(
      [
        { line: 1, sku: 'NEW-1', values },
        { line: 2, sku: 'NEW-2', schemaId: 's', values, expectedVersion: 1 },
        { line: 3, sku: 'TWIN', values },
        { line: 4, id: 'rec_1', values },
        { line: 5, id: 'rec_1', values },
      ],
      found,
    );
    const fields = plans.map((plan) => (plan.kind === 'refused' ? (plan.result.error?.details as { field: string; rule: string }[])[0] : plan.kind));
    expect(fields).toEqual([
      { field: 'schemaId', rule: 'required', message: 'required to create' },
      { field: 'expectedVersion', rule: 'exists', message: 'no record has this key' },
      { field: 'sku', rule: 'ambiguous', message: 'held by records rec_2, rec_3' },
      'update',
      { field: 'id', rule: 'unique-in-request', message: 'also on line 4' },
    ]);
    expect(plans.filter((plan) => plan.kind === 'refused').every((plan) => plan.kind === 'refused' && plan.result.status === 'failed')).toBe(true);
  });
});
