import { DataSource } from 'typeorm';
import { WorkspaceReader } from '../../src/workspace/workspace-reader';
import { createRecordsTestBed, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

/** The one-query write context must say exactly what the three separate reads say. */
describe('WorkspaceReader.writeContext (records service, real PG)', () => {
  let bed: RecordsTestBed;
  let reader: WorkspaceReader;
  let dataSource: DataSource;

  beforeAll(async () => {
    bed = await createRecordsTestBed('workspace-reader');
    const instance = await bed.start();
    reader = instance.app.get(WorkspaceReader);
    dataSource = instance.app.get(DataSource);
    // A schema with a guard, rules and two dimensions next to the demo one.
    await instance.rpc.ok('records.schema.create', {
      id: 'schema-wc',
      name: 'Write context',
      initialLifecycleStateId: 'state-draft',
      attributes: [
        { alias: 'title', name: 'Title', dataType: 'text', dimensionIds: ['dim-language', 'dim-market'], rules: { maxLength: 80 } },
        { alias: 'kind', name: 'Kind', dataType: 'select', dimensionIds: [], rules: { options: ['a', 'b'] } },
        { alias: 'extra', name: 'Extra', dataType: 'number', dimensionIds: [], rules: {}, guard: { attributeAlias: 'kind', operator: 'equals', value: 'a' } },
      ],
    });
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it.each(['schema-apparel', 'schema-wc'])('%s: same schema and the same segments for every attribute dimension', async (schemaId) => {
    const found = await dataSource.transaction((manager) => reader.writeContext(schemaId, manager));
    const schema = await reader.getSchema(schemaId);
    const separate = await reader.valueContext(schema);
    expect(found?.schema).toEqual(schema);
    expect([...(found?.context.attributes.entries() ?? [])]).toEqual([...separate.attributes.entries()]);
    const dimensions = new Set(schema.attributes.flatMap((attribute) => attribute.dimensionIds));
    expect([...(found?.context.segmentsByDimension.keys() ?? [])].sort()).toEqual([...dimensions].sort());
    for (const dimension of dimensions) {
      expect([...(found?.context.segmentsByDimension.get(dimension) ?? [])].sort()).toEqual([...(separate.segmentsByDimension.get(dimension) ?? [])].sort());
    }
  });

  it('answers undefined for an unknown schema', async () => {
    expect(await dataSource.transaction((manager) => reader.writeContext('schema-nope', manager))).toBeUndefined();
  });
});
