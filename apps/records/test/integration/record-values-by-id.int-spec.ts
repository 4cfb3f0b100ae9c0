import { createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

/** records.record.get-values: values, schema and state of a few records by id, for previews. */
describe('records.record.get-values (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  beforeAll(async () => {
    bed = await createRecordsTestBed('record-values-by-id');
    ({ rpc } = await bed.start());
    await bed.pg.query(`INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-byid', 'By id', 'state-draft')`);
    await bed.pg.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, version, "values", created_by, updated_by)
       SELECT 'byid-' || i, 'schema-byid', 'state-draft', 1, jsonb_build_object('title', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', 'T' || i))),
              'user-admin', 'user-admin'
       FROM generate_series(1, 3) AS i`,
    );
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('answers the records found, once each, and leaves unknown ids out', async () => {
    const reply = await rpc.ok('records.record.get-values', { ids: ['byid-2', 'byid-1', 'byid-2', 'byid-nope'] });
    expect(reply.unread).toEqual([]);
    expect(reply.items.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'byid-1', schemaId: 'schema-byid', lifecycleStateId: 'state-draft', values: { title: [{ scope: {}, value: 'T1' }] } },
      { id: 'byid-2', schemaId: 'schema-byid', lifecycleStateId: 'state-draft', values: { title: [{ scope: {}, value: 'T2' }] } },
    ]);
  });

  it('refuses more than 200 ids, naming the field', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => `byid-${i}`);
    expect(await rpc.fail('records.record.get-values', { ids })).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'ids' })] });
  });
});
