import type { OperationInput, RecordDto, SchemaDto, Scope } from '@sigma/contracts';
import {
  attribute,
  change,
  createDimension,
  createRecord,
  createSchema,
  operation,
  startTestSystem,
  submittedChangeSet,
  type TestSystem,
} from '@sigma/testing';

/**
 * Rating and annotating one change of an attribute an operation proposes in several scopes (a
 * product name in two languages): `scope` names the change; without it the attribute must have
 * exactly one change in the operation.
 */
describe('change sets API: rating and annotating scoped changes (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  let record: RecordDto;
  /** Scopes of the test's own language dimension, and of language × market. */
  let da: Scope;
  let de: Scope;
  let daDk: Scope;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ok = async (user: string, method: string, path: string, payload?: unknown) => {
    const response = await as(user, method, path, payload);
    expect({ path, status: response.status, body: response.status === 200 ? undefined : response.body }).toEqual({ path, status: 200, body: undefined });
    return response.body;
  };
  const update = (attributeAlias: string, newValue: unknown, extra: Parameters<typeof change>[2] = {}) =>
    operation.update(record.id, schema.id, change(attributeAlias, newValue, extra));
  const pending = (operations: OperationInput[]) => submittedChangeSet(system.api, { operations });

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-scopes' });
    const language = await createDimension(system.api, { segments: ['seg-da', 'seg-de'] });
    const market = await createDimension(system.api, { segments: ['seg-dk'] });
    [da, de, daDk] = [{ [language.id]: 'seg-da' }, { [language.id]: 'seg-de' }, { [language.id]: 'seg-da', [market.id]: 'seg-dk' }];
    schema = await createSchema(system.api, {
      attributes: [
        attribute('sku', { rules: { unique: true } }),
        attribute('product-name', { dimensionIds: [language.id] }),
        attribute('price', { dataType: 'number', dimensionIds: [language.id, market.id] }),
      ],
    });
    record = await createRecord(system.api, { schemaId: schema.id });
  }, 90000);

  afterAll(async () => {
    await system?.stop();
  }, 30000);

  const DANISH = 'Klassisk skjorte i bomuld';
  /** A set in review proposing product-name globally, in Danish and in German. */
  const names = async () => {
    const set = await pending([
      operation.update(
        record.id,
        schema.id,
        change('product-name', 'Classic cotton shirt', { scope: {} }),
        change('product-name', DANISH, { scope: da }),
        change('product-name', 'Klassisches Baumwollhemd', { scope: de }),
      ),
    ]);
    return { set, path: `/change-sets/${set.id}/operations/${set.operations[0].id}` };
  };

  it('rates the change in the given scope only', async () => {
    const { set, path } = await names();
    const rated = await ok('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'product-name', scope: da, rating: 'bad' });
    expect(rated.operations[0].changes.map((proposed: { rating?: string }) => proposed.rating)).toEqual([undefined, 'bad', undefined]);
    await ok('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'product-name', scope: de, rating: 'good' });
    await ok('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'product-name', scope: {}, rating: 'good' });
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(read.operations[0].changes.map((proposed: { scope: object; rating?: string }) => [proposed.scope, proposed.rating])).toEqual([
      [{}, 'good'],
      [da, 'bad'],
      [de, 'good'],
    ]);
  });

  it('annotates the Danish text of a product name proposed in two languages (201, shown on the Danish change only)', async () => {
    const { set, path } = await names();
    const response = await as('reviewer', 'POST', `${path}/annotate`, {
      attributeAlias: 'product-name',
      scope: da,
      text: 'skjorte',
      startOffset: 9,
      endOffset: 16,
      sentiment: 'good',
      note: 'Natural Danish',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ attributeAlias: 'product-name', scope: da, text: 'skjorte', startOffset: 9, endOffset: 16 });
    expect(DANISH.slice(9, 16)).toBe('skjorte');
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(read.operations[0].changes.map((proposed: { annotations?: unknown[] }) => proposed.annotations?.length ?? 0)).toEqual([0, 1, 0]);
    expect(read.operations[0].changes[1].annotations).toEqual([response.body]);
  });

  it('the Danish text in the German scope does not occur (400 naming text)', async () => {
    const { path } = await names();
    const response = await as('reviewer', 'POST', `${path}/annotate`, {
      attributeAlias: 'product-name', scope: de, text: 'skjorte', startOffset: 9, endOffset: 16, sentiment: 'good',
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'text', rule: 'match' })]);
  });

  it.each([
    ['no scope, though the attribute is proposed in three', undefined, 'required'],
    ['a scope the attribute is not proposed in', { 'dim-language': 'seg-fr' }, 'exists'],
  ])('refuses %s (400 naming scope), for rate and annotate alike, storing nothing', async (_label, scope, rule) => {
    const { set, path } = await names();
    const rated = await as('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'product-name', rating: 'good', ...(scope && { scope }) });
    expect(rated.status).toBe(400);
    expect(rated.body.details).toEqual([expect.objectContaining({ field: 'scope', rule, attributeAlias: 'product-name' })]);
    const annotated = await as('reviewer', 'POST', `${path}/annotate`, {
      attributeAlias: 'product-name', text: 'skjorte', startOffset: 9, endOffset: 16, sentiment: 'good', ...(scope && { scope }),
    });
    expect(annotated.status).toBe(400);
    expect(annotated.body.details).toEqual([expect.objectContaining({ field: 'scope', rule })]);
    const read = await ok('viewer', 'GET', `/change-sets/${set.id}`);
    expect(read.operations[0].changes.every((proposed: object) => !('rating' in proposed) && !('annotations' in proposed))).toBe(true);
  });

  it.each([['a list', ['seg-da']], ['a map to numbers', { 'dim-x': 1 }], ['text', 'seg-da']])(
    'refuses a scope that is %s (400 naming scope)',
    async (_label, scope) => {
      const { path } = await names();
      const response = await as('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'product-name', scope, rating: 'good' });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([expect.objectContaining({ field: 'scope' })]);
    },
  );

  it('a scope may name the only change of an attribute too, in any key order', async () => {
    const price = await pending([update('price', 1, { scope: daDk })]);
    const reversed = Object.fromEntries(Object.entries(daDk).reverse());
    expect(Object.keys(reversed)).not.toEqual(Object.keys(daDk));
    const path = `/change-sets/${price.id}/operations/${price.operations[0].id}`;
    expect((await ok('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'price', scope: reversed, rating: 'good' })).operations[0].changes[0].rating).toBe('good');
    expect((await ok('reviewer', 'POST', `${path}/rate`, { attributeAlias: 'price', rating: 'bad' })).operations[0].changes[0].rating).toBe('bad');
  });
});
