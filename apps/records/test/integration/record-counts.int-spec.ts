import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import type { RecordListQuery } from '@sigma/contracts';
import { apparel, createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

jest.setTimeout(90000);

/**
 * The trigger-maintained record_count behind the list's `total` (and the SKU limit): it must
 * equal count(*) per (schema, state) after every kind of write, bulk and concurrent ones included.
 */
describe('record counts (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  const clients: Client[] = [];

  /** A plain connection (no search_path = records), like the bench's COPY. */
  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: bed.database.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  const insertRecord = (client: Client, id: string, schemaId: string, stateId: string) =>
    client.query(
      `INSERT INTO records.record (id, schema_id, lifecycle_state_id, created_by, updated_by) VALUES ($1, $2, $3, 'user-admin', 'user-admin')`,
      [id, schemaId, stateId],
    );

  /** record_count summed over slots equals count(*) for every (schema, state). */
  async function expectCountsExact(): Promise<void> {
    const [actual, counted] = await Promise.all([
      bed.pg.query('SELECT schema_id, lifecycle_state_id, count(*)::int AS n FROM record GROUP BY 1, 2 ORDER BY 1, 2'),
      bed.pg.query('SELECT schema_id, lifecycle_state_id, sum(n)::int AS n FROM record_count GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2'),
    ]);
    expect(counted.rows).toEqual(actual.rows);
  }

  async function total(filter: Partial<RecordListQuery> = {}): Promise<number> {
    return (await rpc.ok('records.record.list', { offset: 0, limit: 1, ...filter })).total;
  }

  async function countOf(where: string, params: unknown[] = []): Promise<number> {
    const { rows } = await bed.pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM record WHERE ${where}`, params);
    return rows[0].n;
  }

  /** `total` for no filter, each schema, each state and each pair equals count(*). */
  async function expectTotalsExact(schemas: string[], states: string[]): Promise<void> {
    expect(await total()).toBe(await countOf('true'));
    for (const schemaId of schemas) {
      expect(await total({ schemaId })).toBe(await countOf('schema_id = $1', [schemaId]));
      for (const lifecycleStateId of states) {
        expect(await total({ schemaId, lifecycleStateId })).toBe(await countOf('schema_id = $1 AND lifecycle_state_id = $2', [schemaId, lifecycleStateId]));
      }
    }
    for (const lifecycleStateId of states) expect(await total({ lifecycleStateId })).toBe(await countOf('lifecycle_state_id = $1', [lifecycleStateId]));
  }

  beforeAll(async () => {
    bed = await createRecordsTestBed('counts');
    ({ rpc } = await bed.start({ DB_POOL_SIZE: '12' }));
    // A second schema without attributes, so records of two schemas can be told apart.
    await bed.pg.query(`INSERT INTO record_schema (id, name, initial_lifecycle_state_id) VALUES ('schema-counted', 'Counted', 'state-review')`);
  });

  // A failed test must not leave a transaction open that blocks the next ones (TRUNCATE).
  afterEach(async () => {
    await Promise.allSettled(clients.map((client) => client.query('ROLLBACK')));
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.end()));
    await bed?.stop();
  });

  it('the migration backfills the counts of records written before it', async () => {
    const dataSource = bed.instances[0].app.get(DataSource);
    await dataSource.undoLastMigration({ transaction: 'each' });
    const client = await connect();
    await insertRecord(client, 'ent-before-1', 'schema-counted', 'state-draft');
    await insertRecord(client, 'ent-before-2', 'schema-counted', 'state-draft');
    await dataSource.runMigrations({ transaction: 'each' });
    await expectCountsExact();
    expect(await total({ schemaId: 'schema-counted', lifecycleStateId: 'state-draft' })).toBe(2);
    await expectTotalsExact(['schema-apparel', 'schema-counted'], ['state-draft', 'state-review']);
  });

  it('create, value update, lifecycle move and delete (with a variant) keep every total exact', async () => {
    const before = { all: await total(), apparel: await total({ schemaId: 'schema-apparel' }), draft: await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' }) };
    const parent = await rpc.ok('records.record.create', apparel('CNT-1'));
    const variant = await rpc.ok('records.record.create', apparel('CNT-1-V', 'Variant', parent.id));
    const other = await rpc.ok('records.record.create', { schemaId: 'schema-counted', values: {} });
    expect(other.lifecycleStateId).toBe('state-review');
    expect(await total()).toBe(before.all + 3);
    expect(await total({ schemaId: 'schema-apparel' })).toBe(before.apparel + 2);
    expect(await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' })).toBe(before.draft + 2);
    await expectCountsExact();

    await rpc.ok('records.record.update', { id: parent.id, values: { material: [{ scope: {}, value: 'Linen' }] } });
    await expectCountsExact();

    await rpc.ok('records.record.move-lifecycle-state', { id: parent.id, fromStateId: 'state-draft', toStateId: 'state-review', transitionId: 't-submit' });
    expect(await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' })).toBe(before.draft + 1);
    expect(await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-review' })).toBe(await countOf(`schema_id = 'schema-apparel' AND lifecycle_state_id = 'state-review'`));
    expect(await total()).toBe(before.all + 3);
    await expectCountsExact();

    expect((await rpc.ok('records.record.delete', { id: parent.id })).deleted.sort()).toEqual([parent.id, variant.id].sort());
    expect(await total()).toBe(before.all + 1);
    expect(await total({ schemaId: 'schema-apparel' })).toBe(before.apparel);
    await expectTotalsExact(['schema-apparel', 'schema-counted'], ['state-draft', 'state-review']);
    await expectCountsExact();
  });

  it('a rolled-back insert changes no count', async () => {
    const client = await connect();
    await client.query('BEGIN');
    await insertRecord(client, 'ent-rolled-back', 'schema-counted', 'state-draft');
    await client.query('ROLLBACK');
    await expectCountsExact();
  });

  it('a COPY and a bulk DELETE each cost one aggregated counter write per (schema, state), and stay exact', async () => {
    const client = await connect();
    const pairs = [
      ['schema-apparel', 'state-draft'],
      ['schema-apparel', 'state-published'],
      ['schema-counted', 'state-review'],
      ['schema-counted', 'state-published'],
    ];
    /** Rows inserted + updated in record_count by this backend, not yet flushed to the shared stats (so: compare within one transaction). */
    const counterWrites = async () => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT (n_tup_ins + n_tup_upd)::int AS n FROM pg_stat_xact_user_tables WHERE schemaname = 'records' AND relname = 'record_count'`,
      );
      return rows[0]?.n ?? 0;
    };
    await client.query('BEGIN');
    const beforeCopy = await counterWrites();
    const stream = client.query(copyFrom('COPY records.record (id, schema_id, lifecycle_state_id, created_by, updated_by) FROM STDIN'));
    const done = new Promise<void>((resolve, reject) => stream.on('finish', resolve).on('error', reject));
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const [schemaId, stateId] = pairs[i % pairs.length];
      lines.push(`ent-bulk${String(i).padStart(5, '0')}\t${schemaId}\t${stateId}\tuser-admin\tuser-admin\n`);
    }
    stream.end(lines.join(''));
    await done;
    expect((await counterWrites()) - beforeCopy).toBe(pairs.length);
    await client.query('COMMIT');
    await expectCountsExact();
    await expectTotalsExact(['schema-apparel', 'schema-counted'], ['state-draft', 'state-review', 'state-published']);
    expect(await total({ schemaId: 'schema-counted', lifecycleStateId: 'state-published' })).toBe(750);

    await client.query('BEGIN');
    const beforeDelete = await counterWrites();
    const deleted = await client.query(`DELETE FROM records.record WHERE id LIKE 'ent-bulk%' AND schema_id = 'schema-counted'`);
    expect(deleted.rowCount).toBe(1500);
    expect((await counterWrites()) - beforeDelete).toBe(2);
    await client.query('COMMIT');
    expect(await total({ schemaId: 'schema-counted', lifecycleStateId: 'state-published' })).toBe(0);
    await expectCountsExact();
  });

  it('concurrent creates keep the totals exact', async () => {
    const before = await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' });
    const created = await Promise.all(Array.from({ length: 40 }, (_, index) => rpc.ok('records.record.create', apparel(`RACE-${index}`))));
    expect(created).toHaveLength(40);
    expect(await total({ schemaId: 'schema-apparel', lifecycleStateId: 'state-draft' })).toBe(before + 40);
    await expectCountsExact();
  });

  it('open transactions writing the same (schema, state) do not wait for each other, in any order, and commit exact counts', async () => {
    const writers = await Promise.all([connect(), connect(), connect()]);
    for (const writer of writers) await writer.query(`BEGIN; SET LOCAL lock_timeout = '3s'`);
    // Each holds a counter row of the pair until commit; the next writer must take another slot, not queue.
    for (const [index, writer] of writers.entries()) await insertRecord(writer, `ent-open-${index}`, 'schema-counted', 'state-draft');
    // Crossed order over two pairs, the shape that deadlocks on a single row per pair.
    await insertRecord(writers[0], 'ent-cross-a1', 'schema-counted', 'state-review');
    await insertRecord(writers[1], 'ent-cross-b1', 'schema-apparel', 'state-review');
    await insertRecord(writers[1], 'ent-cross-b2', 'schema-counted', 'state-review');
    await insertRecord(writers[0], 'ent-cross-a2', 'schema-apparel', 'state-review');
    await Promise.all([writers[0].query('COMMIT'), writers[1].query('COMMIT'), writers[2].query('ROLLBACK')]);
    const { rows } = await bed.pg.query<{ slots: number }>(
      `SELECT count(*)::int AS slots FROM record_count WHERE schema_id = 'schema-counted' AND lifecycle_state_id = 'state-draft'`,
    );
    expect(rows[0].slots).toBeGreaterThan(1);
    expect(await countOf(`id LIKE 'ent-open-%' OR id LIKE 'ent-cross-%'`)).toBe(6);
    await expectCountsExact();
  });

  it('TRUNCATE empties the counts', async () => {
    await bed.pg.query('TRUNCATE record CASCADE');
    expect(await total()).toBe(0);
    expect(await total({ schemaId: 'schema-apparel' })).toBe(0);
    await expectCountsExact();
  });
});
