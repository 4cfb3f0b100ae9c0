import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type ChangeSetDto, DomainError, type RecordDto } from '@sigma/contracts';
import type { ApplyPorts } from '../../src/apply/apply-ports';
import type { ApplyService } from '../../src/apply/apply.service';
import { ADMIN, ChangeSetsIntBed, REVIEWER } from './change-sets-int-bed';

/**
 * ApplyService and ApplyJob against real PostgreSQL (the change-sets migrations) and the real
 * records and audit services over NATS — no HTTP, no gateway. A process of the change-set service
 * is an ApplyService; "abandoning" a run is stopping that service in the middle of it.
 */
describe('change-set apply against PostgreSQL, records and audit (integration)', () => {
  let bed: ChangeSetsIntBed;
  const CHUNK = 2;

  beforeAll(async () => {
    // The abandoned runs log warnings by design; failures show in the assertions.
    Logger.overrideLogger(['error']);
    bed = await ChangeSetsIntBed.start('csapply');
  }, 90_000);

  afterAll(async () => {
    await bed?.stop();
  }, 60_000);

  const run = randomBytes(3).toString('hex').toUpperCase();
  const createRecords = (n: number): Promise<RecordDto[]> => bed.createRecords(n, `INT-${run}`);

  /** An approved set updating each record's material (Cotton → Linen <n>, with oldValue). */
  async function approvedSet(records: RecordDto[]): Promise<ChangeSetDto> {
    const set = await bed.submittedMaterialSet(records, 'Integration apply');
    const approved = await bed.review.approve(set.id, 'integration');
    expect(approved.status).toBe('approved');
    return approved;
  }

  /** Every operation applied exactly once: one write per record, one event and one audit entry per operation, all confirmed. */
  async function expectAppliedOnce(set: ChangeSetDto, records: RecordDto[]): Promise<void> {
    const after = await bed.changeSets.get(set.id);
    expect(after).toMatchObject({ status: 'applied', applyResult: { applied: records.length, skipped: 0, errors: [] } });
    expect(after.applyProgress).toEqual({ done: records.length, applied: records.length, failed: 0, total: records.length });
    expect(after.operations.map((operation) => operation.status)).toEqual(records.map(() => 'applied'));
    const stored = await bed.pg.query(`SELECT id, version, values->'material' AS material FROM records.record WHERE id = ANY($1)`, [records.map((r) => r.id)]);
    const byId = new Map(stored.rows.map((row) => [row.id as string, row]));
    expect(records.map((record) => ({ id: record.id, version: byId.get(record.id)?.version, material: byId.get(record.id)?.material }))).toEqual(
      records.map((record, i) => ({ id: record.id, version: record.version + 1, material: [{ scope: {}, value: `Linen ${i}` }] })),
    );
    const perOperation = async (sql: string) =>
      new Map((await bed.pg.query(sql, [set.id])).rows.map((row) => [row.operation_id as string, row.count as number]));
    const once = new Map(set.operations.map((operation) => [operation.id, 1]));
    expect(
      await perOperation(`SELECT envelope->>'operationId' AS operation_id, count(*)::int AS count FROM records.outbox WHERE envelope->>'changeSetId' = $1 GROUP BY 1`),
    ).toEqual(once);
    // The apply confirms an operation only once audit recorded its events: no waiting needed here.
    expect(await perOperation('SELECT operation_id, count(*)::int AS count FROM audit.audit_entry WHERE change_set_id = $1 GROUP BY 1')).toEqual(once);
  }

  const applyStates = async (id: string) =>
    (await bed.pg.query('SELECT apply_state FROM change_sets.operation WHERE change_set_id = $1 ORDER BY position', [id])).rows.map((row) => row.apply_state);

  it('applies an approved set: each operation written, audited and confirmed once; a repeat answers the same', async () => {
    const records = await createRecords(5);
    const set = await approvedSet(records);
    const service = bed.applyService(bed.ports, { chunk: CHUNK });
    const { result } = await service.apply(set.id, bed.context());
    expect(result).toEqual({ state: 'finished', result: { applied: 5, skipped: 0, errors: [] } });
    await expectAppliedOnce(set, records);
    expect(await bed.applyService().apply(set.id, bed.context())).toEqual({ result, replayed: false });
    await expectAppliedOnce(set, records);
  });

  it('a run abandoned mid-way (records committed a chunk whose reply never came back) is resumed by the next process, each operation applied once', async () => {
    const records = await createRecords(5);
    const set = await approvedSet(records);
    const real = bed.ports;
    let requests = 0;
    // The first process dies while records commits its second chunk: the reply is lost with it.
    const dying: ApplyService = bed.applyService(
      {
        ...real,
        async applyOperations(request, context, timeoutMs) {
          const answer = await real.applyOperations(request, context, timeoutMs);
          if (++requests < 2) return answer;
          void dying.beforeApplicationShutdown();
          throw new Error('the process died before the reply arrived');
        },
      } satisfies ApplyPorts,
      { chunk: CHUNK },
    );
    await expect(dying.apply(set.id, bed.context())).rejects.toMatchObject({ code: 'service-unavailable' });
    // Records holds two chunks; the log knows of the first only.
    const events = await bed.pg.query(`SELECT count(*)::int AS count FROM records.outbox WHERE envelope->>'changeSetId' = $1`, [set.id]);
    expect(events.rows[0].count).toBe(2 * CHUNK);
    expect((await applyStates(set.id)).slice(CHUNK)).toEqual(['pending', 'pending', 'pending']);
    expect(await bed.log.unfinished()).toContain(set.id);

    const next = bed.applyService(bed.ports, { chunk: CHUNK });
    await next.onApplicationBootstrap();
    expect((await next.apply(set.id, bed.context())).result).toEqual({ state: 'finished', result: { applied: 5, skipped: 0, errors: [] } });
    await expectAppliedOnce(set, records);
    expect(await bed.log.unfinished()).not.toContain(set.id);
  });

  it('a run abandoned right after its intent was written is resumed on the next start', async () => {
    const records = await createRecords(3);
    const set = await approvedSet(records);
    expect(await bed.log.start(set.id, REVIEWER, 'req-abandoned')).toEqual({ replayed: false });
    expect(await applyStates(set.id)).toEqual(['pending', 'pending', 'pending']);
    const next = bed.applyService(bed.ports, { chunk: CHUNK });
    await next.onApplicationBootstrap();
    expect((await next.apply(set.id, bed.context())).result).toEqual({ state: 'finished', result: { applied: 3, skipped: 0, errors: [] } });
    await expectAppliedOnce(set, records);
    const entries = await bed.pg.query('SELECT DISTINCT user_id, request_id FROM audit.audit_entry WHERE change_set_id = $1', [set.id]);
    // Applied on behalf of who started the run, under its request id.
    expect(entries.rows).toEqual([{ user_id: REVIEWER.userId, request_id: 'req-abandoned' }]);
  });

  it('two processes applying at once: one drives the run, the other answers its result', async () => {
    const records = await createRecords(4);
    const set = await approvedSet(records);
    const [first, second] = await Promise.all([
      bed.applyService(bed.ports, { chunk: CHUNK }).apply(set.id, bed.context()).then((outcome) => outcome.result),
      bed.applyService(bed.ports, { chunk: CHUNK, otherOwnerPollMs: 50 }).apply(set.id, bed.context()).then((outcome) => outcome.result),
    ]);
    expect(first).toEqual({ state: 'finished', result: { applied: 4, skipped: 0, errors: [] } });
    expect(second).toEqual(first);
    await expectAppliedOnce(set, records);
  });

  it('refuses a set that is not approved, writing nothing', async () => {
    const [record] = await createRecords(1);
    const { result: set } = await bed.changeSets.create(
      {
        title: 'Not approved',
        source: { type: 'integration', name: 'Integration test' },
        operations: [{ type: 'update', entityId: record.id, schemaId: 'schema-apparel', changes: [{ attributeAlias: 'material', newValue: 'Silk' }] }],
      },
      bed.context(ADMIN),
    );
    const refused = await bed.applyService().apply(set.id, bed.context()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'conflict', message: "Cannot apply a change set in status 'draft' (allowed: approved, applying)" });
    expect(await bed.log.run(set.id)).toBeUndefined();
    expect(await applyStates(set.id)).toEqual([null]);
  });
});
