import { RECORD_SUMMARIZE_MAX_IDS } from '@sigma/contracts';
import { createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

/** records.record.summarize: the name and SKU change sets show next to each operation, a bounded chunk of ids at a time. */
describe('records.record.summarize (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  beforeAll(async () => {
    bed = await createRecordsTestBed('record-summaries');
    ({ rpc } = await bed.start());
    await bed.pg.query(`INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-sum', 'Summaries', 'state-draft')`);
    const scoped = (alias: string, entries: string) => `'${alias}', jsonb_build_array(${entries})`;
    await bed.pg.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, version, "values", created_by, updated_by) VALUES
       ('sum-1', 'schema-sum', 'state-draft', 1, jsonb_build_object(${scoped('sku', `jsonb_build_object('scope', '{}'::jsonb, 'value', 'SKU-1')`)},
          ${scoped('product-name', `jsonb_build_object('scope', '{"dim-language":"seg-da"}'::jsonb, 'value', 'Skjorte'), jsonb_build_object('scope', '{}'::jsonb, 'value', 'Shirt')`)}), 'user-admin', 'user-admin'),
       ('sum-2', 'schema-sum', 'state-draft', 1, jsonb_build_object(${scoped('sku', `jsonb_build_object('scope', '{}'::jsonb, 'value', 'SKU-2')`)}), 'user-admin', 'user-admin'),
       ('sum-3', 'schema-sum', 'state-draft', 1, '{}'::jsonb, 'user-admin', 'user-admin')`,
    );
  });

  afterAll(async () => {
    await bed?.stop();
  });

  it('answers the global name and SKU of each record found, once, leaving out what it lacks and unknown ids', async () => {
    const reply = await rpc.ok('records.record.summarize', { ids: ['sum-2', 'sum-1', 'sum-2', 'sum-3', 'sum-nope'] });
    expect(reply.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'sum-1', schemaId: 'schema-sum', name: 'Shirt', sku: 'SKU-1' },
      { id: 'sum-2', schemaId: 'schema-sum', sku: 'SKU-2' },
      { id: 'sum-3', schemaId: 'schema-sum' },
    ]);
  });

  it(`refuses more than ${RECORD_SUMMARIZE_MAX_IDS} ids, naming the field`, async () => {
    const ids = Array.from({ length: RECORD_SUMMARIZE_MAX_IDS + 1 }, (_, i) => `sum-${i}`);
    expect(await rpc.fail('records.record.summarize', { ids })).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'ids' })] });
  });
});
