import type { RecordValues, RecordValuesPage, RpcReplyEnvelope } from '@sigma/contracts';
import { decodePayload, ENCODING_HEADER, encodePayload } from '@sigma/messaging';
import { ADMIN, createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

const LARGE = 2000;

/**
 * records.record.list-values, the keyset pages re-scoring reads: a schema's records in creation
 * order (then id) with their state and values, nothing of other schemas, each record once even
 * when written to mid-walk, bounded pages (gzipped on the wire when large).
 */
describe('records.record.list-values (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;

  beforeAll(async () => {
    bed = await createRecordsTestBed('record-pages');
    ({ rpc } = await bed.start());
    await bed.pg.query(`INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-paged', 'Paged', 'state-draft')`);
    await bed.pg.query(
      `INSERT INTO attribute (schema_id, alias, name, data_type, dimension_ids, rules, position) VALUES ('schema-paged', 'title', 'Title', 'text', '{dim-language}', '{}', 0)`,
    );
    // Inserted straight into the table (no outbox needed here): ids not in creation order, creation times
    // a microsecond apart and shared by many records, so the cursor must carry both exactly.
    await bed.pg.query(
      `INSERT INTO record (id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by)
       SELECT 'pg-' || lpad(((i * 7919) % $1)::text, 5, '0'), 'schema-paged', CASE WHEN i % 3 = 0 THEN 'state-review' ELSE 'state-draft' END, NULL, 1,
              jsonb_build_object('title', jsonb_build_array(
                jsonb_build_object('scope', '{}'::jsonb, 'value', 'Paged record ' || i || ' ' || repeat('x', 100)),
                jsonb_build_object('scope', jsonb_build_object('dim-language', 'seg-da'), 'value', 'Side ' || i))),
              timestamptz '2024-03-01 12:00:00.5+00' + (i % 7) * interval '1 microsecond', now(), 'user-admin', 'user-admin'
       FROM generate_series(0, $1 - 1) AS i`,
      [LARGE],
    );
  });

  afterAll(async () => {
    await bed?.stop();
  });

  async function readAll(schemaId: string, limit: number, betweenPages?: (page: number) => Promise<void>) {
    const pages: RecordValuesPage[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await rpc.ok('records.record.list-values', { schemaId, after, limit });
      pages.push(page);
      if (page.next === null) break;
      after = page.next;
      await betweenPages?.(pages.length);
    }
    return { items: pages.flatMap((page): RecordValues[] => page.items), pages };
  }

  const idsInCreationOrder = async (schemaId: string) =>
    (await bed.pg.query<{ id: string }>('SELECT id FROM record WHERE schema_id = $1 ORDER BY created_at, id', [schemaId])).rows.map((row) => row.id);

  it("answers the demo schema's records in id order with their state and values, and no next page", async () => {
    const page = await rpc.ok('records.record.list-values', { schemaId: 'schema-apparel' });
    expect(page.items.map((record) => [record.id, record.lifecycleStateId])).toEqual([
      ['ent-001', 'state-draft'],
      ['ent-002', 'state-draft'],
      ['ent-003', 'state-draft'],
      ['ent-004', 'state-draft'],
    ]);
    expect(page.next).toBeNull();
    const oxford = await rpc.ok('records.record.get', { id: 'ent-001' });
    expect(page.items[0].values).toEqual(oxford.values);
    expect(Object.keys(page.items[0]).sort()).toEqual(['id', 'lifecycleStateId', 'values']);
  });

  it('pages a schema in creation order with the next cursor: every record once, in order, no other schema', async () => {
    const { items, pages } = await readAll('schema-paged', 300);
    expect(items.map((record) => record.id)).toEqual(await idsInCreationOrder('schema-paged'));
    expect(items).toHaveLength(LARGE);
    expect(pages.every((page) => page.items.length <= 300)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.next?.endsWith(`|${page.items[page.items.length - 1].id}`))).toBe(true);
    expect(items.filter((record) => record.lifecycleStateId === 'state-review').length).toBe(Math.ceil(LARGE / 3));
    expect(items[0].values.title).toHaveLength(2);
  });

  it('answers a full page of 2,000 records in one reply, gzipped on the wire', async () => {
    const request = await encodePayload({ context: { requestId: 'it-large-page', actor: ADMIN }, data: { schemaId: 'schema-paged', limit: LARGE } });
    const reply = await bed.nats.request(`${rpc.prefix}.records.record.list-values`, request.data, { timeout: 15000 });
    expect(reply.headers?.get(ENCODING_HEADER)).toBe('gzip');
    const body = await decodePayload<RpcReplyEnvelope<RecordValuesPage>>(reply.data, reply.headers);
    if (!body.ok) throw new Error(JSON.stringify(body.error));
    const page = body.data;
    expect(page.items).toHaveLength(LARGE);
    expect(reply.data.byteLength).toBeLessThan(JSON.stringify(page).length / 4);
    // A full page may be the last one: the next one is then empty.
    expect(page.next).toMatch(new RegExp(`^2024-03-01T12:00:00\\.50000\\dZ\\|${page.items[LARGE - 1].id}$`));
    expect(await rpc.ok('records.record.list-values', { schemaId: 'schema-paged', after: page.next ?? undefined, limit: LARGE })).toEqual({ items: [], next: null });
  });

  it('sees each record once while records are transitioned, updated and created mid-walk', async () => {
    const before = await idsInCreationOrder('schema-paged');
    const { items } = await readAll('schema-paged', 250, async (page) => {
      // Records already read and records not read yet change state and values; a new record arrives.
      await bed.pg.query(
        `UPDATE record SET lifecycle_state_id = CASE lifecycle_state_id WHEN 'state-draft' THEN 'state-review' ELSE 'state-draft' END,
                           "values" = "values" || '{"note": [{"scope": {}, "value": "touched"}]}', updated_at = now(), version = version + 1
         WHERE id = ANY($1::text[])`,
        [[before[page * 250 - 1], before[page * 250 + 10], before[LARGE - 1 - page]]],
      );
      await bed.pg.query(
        `INSERT INTO record (id, schema_id, lifecycle_state_id, version, "values", created_by, updated_by) VALUES ($1, 'schema-paged', 'state-draft', 1, '{}', 'user-admin', 'user-admin')`,
        [`pg-new-${page}`],
      );
    });
    const ids = items.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, LARGE)).toEqual(before);
    expect(ids.slice(LARGE)).toEqual(Array.from({ length: ids.length - LARGE }, (_, i) => `pg-new-${i + 1}`));
    expect(items.find((record) => record.id === before[LARGE - 2])?.values.note).toEqual([{ scope: {}, value: 'touched' }]);
    await bed.pg.query(`DELETE FROM record WHERE id LIKE 'pg-new-%'`);
  });

  it('answers an empty page for a schema without records', async () => {
    await bed.pg.query(`INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-empty', 'Empty', 'state-draft')`);
    expect(await rpc.ok('records.record.list-values', { schemaId: 'schema-empty' })).toEqual({ items: [], next: null });
  });

  it('answers not-found for an unknown schema and validation-failed for a bad limit or cursor', async () => {
    expect(await rpc.fail('records.record.list-values', { schemaId: 'schema-nope' })).toMatchObject({ code: 'not-found' });
    for (const limit of [0, 2001, 1.5, '10' as unknown as number]) {
      const error = await rpc.fail('records.record.list-values', { schemaId: 'schema-paged', limit });
      expect(error).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'limit' })] });
    }
    for (const after of [7 as unknown as string, 'pg-00001', '2024-03-01T12:00:00.5Z|pg-00001']) {
      const badAfter = await rpc.fail('records.record.list-values', { schemaId: 'schema-paged', after });
      expect(badAfter).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'after' })] });
    }
    const noSchema = await rpc.fail('records.record.list-values', {} as never);
    expect(noSchema).toMatchObject({ code: 'validation-failed', details: [expect.objectContaining({ field: 'schemaId' })] });
  });
});
