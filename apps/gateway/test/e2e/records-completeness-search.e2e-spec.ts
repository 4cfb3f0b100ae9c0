import type { SchemaDto } from '@sigma/contracts';
import { attribute, createDimension, createRecord, createSchema, eventually, scopedValue, startTestSystem, type TestSystem, uniqueId } from '@sigma/testing';

jest.setTimeout(120000);

/**
 * GET /records by completeness: the scores are stored with every write, so a record is found by
 * its new completeness as soon as the write answers; a workflow change re-scores in the background.
 */
describe('records search by completeness (e2e)', () => {
  let system: TestSystem;
  let schema: SchemaDto;
  let workflowId: string;
  const as = (user: string, method: string, path: string, body?: unknown) => system.api.as(user, method, path, body);
  const ids = (body: { items: { id: string }[] }) => body.items.map((item) => item.id).sort();
  const search = async (query: string) => {
    const response = await as('viewer', 'GET', `/records?schemaId=${schema.id}&${query}`);
    expect(response.status).toBe(200);
    return ids(response.body);
  };
  /** `name` has a slot per segment: state-ready needs sku, name (two slots) and material, 4 slots in all. */
  const states = (readyRequires: string[]) => [
    { id: 'state-new', name: 'New', requiredAttributes: ['sku'] },
    { id: 'state-ready', name: 'Ready', requiredAttributes: readyRequires },
  ];
  /** The body of PUT /workflows/:id; POST takes the id too. */
  const workflow = (readyRequires: string[]) => ({
    schemaId: schema.id,
    name: 'Ready or not',
    initialStateId: 'state-new',
    states: states(readyRequires),
    transitions: [{ id: 'trans-ready', fromStateId: 'state-new', toStateId: 'state-ready', name: 'Ready', allowedRoleIds: ['role-editor'], requiresCompleteness: true }],
  });
  const record = async (values: Record<string, unknown>) => (await createRecord(system.api, { schemaId: schema.id, values: values as never })).id;
  const names = (a?: string, b?: string) => ({ name: [...(a ? scopedValue(a, { [dimension]: 'seg-a' }) : []), ...(b ? scopedValue(b, { [dimension]: 'seg-b' }) : [])] });
  let dimension: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'search-completeness' });
    dimension = (await createDimension(system.api)).id;
    schema = await createSchema(system.api, {
      initialLifecycleStateId: 'state-new',
      attributes: [attribute('sku', { rules: { unique: true } }), attribute('name', { dimensionIds: [dimension] }), attribute('material')],
    });
    workflowId = uniqueId('workflow');
    const created = await as('admin', 'POST', '/workflows', { id: workflowId, ...workflow(['sku', 'name', 'material']) });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('finds a record complete for a state right after the write that completes it, and not after one that clears a value', async () => {
    const complete = await record({ ...names('A', 'B'), material: scopedValue('Wool') });
    const partial = await record({ ...names('A') });
    expect(await search('completeFor=state-ready')).toEqual([complete]);
    expect(await search('completeFor=state-new')).toEqual([complete, partial].sort());

    const filled = await as('editor', 'PUT', `/records/${partial}`, { values: { ...names('A', 'B'), material: scopedValue('Linen') } });
    expect(filled.status).toBe(200);
    expect(await search('completeFor=state-ready')).toEqual([complete, partial].sort());

    const cleared = await as('editor', 'PUT', `/records/${complete}`, { values: { material: [] } });
    expect(cleared.status).toBe(200);
    expect(await search('completeFor=state-ready')).toEqual([partial]);
    await as('editor', 'DELETE', `/records/${partial}`);
    await as('editor', 'DELETE', `/records/${complete}`);
    expect(await search('completeFor=state-new')).toEqual([]);
  });

  it('filters by percentage for a named state, or for each record\'s current state, with the other filters', async () => {
    const quarter = await record({});
    const threeQuarters = await record({ ...names('A'), material: scopedValue('Wool') });
    const full = await record({ ...names('A', 'B'), material: scopedValue('Silk') });
    expect(await search('completenessState=state-ready&completenessGte=75')).toEqual([threeQuarters, full].sort());
    expect(await search('completenessState=state-ready&completenessGte=25')).toEqual([quarter, threeQuarters, full].sort());
    expect(await search('completenessState=state-ready&completenessGte=76')).toEqual([full]);
    // Current state (state-new needs only the sku): all of them are at 100.
    expect(await search('completenessGte=100')).toEqual([quarter, threeQuarters, full].sort());
    const silk = encodeURIComponent(JSON.stringify([{ attribute: 'material', operator: 'eq', value: 'Silk' }]));
    expect(await search(`completenessState=state-ready&completenessGte=50&filters=${silk}`)).toEqual([full]);
    const paged = await as('viewer', 'GET', `/records?schemaId=${schema.id}&completenessState=state-ready&completenessGte=25&limit=2&sort=createdAt`);
    expect(paged.body).toMatchObject({ total: 3, items: [{ id: quarter }, { id: threeQuarters }] });
    const rest = await as('viewer', 'GET', `/records?schemaId=${schema.id}&completenessState=state-ready&completenessGte=25&limit=2&sort=createdAt&cursor=${paged.body.nextCursor}`);
    expect(ids(rest.body)).toEqual([full]);
    for (const id of [quarter, threeQuarters, full]) await as('editor', 'DELETE', `/records/${id}`);
  });

  it('exports with the same completeness filters', async () => {
    const complete = await createRecord(system.api, { schemaId: schema.id, values: { ...names('A', 'B'), material: scopedValue('Wool') } as never });
    const partial = await createRecord(system.api, { schemaId: schema.id, values: names('A') as never });
    const sku = (record: { values: Record<string, { value: unknown }[]> }) => String(record.values.sku[0].value);
    const response = await fetch(`${system.baseUrl}/records/export?schemaId=${schema.id}&completeFor=state-ready`, {
      headers: { authorization: `Bearer ${await system.api.token('viewer')}` },
    });
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain(sku(complete));
    expect(csv).not.toContain(sku(partial));
    for (const record of [complete, partial]) await as('editor', 'DELETE', `/records/${record.id}`);
  });

  it('answers 400 naming the parameter for an unknown state or a percentage outside 0..100', async () => {
    const field = async (query: string) => {
      const response = await as('viewer', 'GET', `/records?${query}`);
      expect(response.status).toBe(400);
      return [...new Set(response.body.details.map((detail: { field: string }) => detail.field))];
    };
    expect(await field('completeFor=state-nowhere')).toEqual(['completeFor']);
    expect(await field(`schemaId=${schema.id}&completeFor=state-draft`)).toEqual(['completeFor']);
    expect(await field('completenessGte=101&completenessState=state-ready')).toEqual(['completenessGte']);
    expect(await field('completenessGte=-1')).toEqual(['completenessGte']);
    expect(await field('completenessGte=half')).toEqual(['completenessGte']);
    expect(await field('completenessGte=50&completenessState=state-nowhere')).toEqual(['completenessState']);
    expect(await field('completenessState=state-ready')).toEqual(['completenessState']);
  });

  it('re-scores the schema\'s records when its workflow changes', async () => {
    const noName = await record({ material: scopedValue('Wool') });
    expect(await search('completeFor=state-ready')).toEqual([]);
    const updated = await as('admin', 'PUT', `/workflows/${workflowId}`, workflow(['sku', 'material']));
    expect(updated.body).toMatchObject({ id: workflowId });
    await eventually(async () => expect(await search('completeFor=state-ready')).toEqual([noName]));
    expect((await as('admin', 'PUT', `/workflows/${workflowId}`, workflow(['sku', 'name', 'material']))).status).toBe(200);
    await eventually(async () => expect(await search('completeFor=state-ready')).toEqual([]));
    expect(await search('completenessState=state-ready&completenessGte=50')).toEqual([noName]);
  });

  it('scores the records that existed before (the demo catalog) once the workflow service has pushed its rules', async () => {
    await eventually(async () => {
      const response = await as('viewer', 'GET', '/records?schemaId=schema-apparel&completenessState=state-draft&completenessGte=0&limit=1');
      expect(response.status).toBe(200);
      const all = await as('viewer', 'GET', '/records?schemaId=schema-apparel&limit=1');
      expect(response.body.total).toBe(all.body.total);
    }, 30000);
  });
});
