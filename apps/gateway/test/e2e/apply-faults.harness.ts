import { Client } from 'pg';
import { type ApiResponse, startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * Shared scenario of the apply fault tests: a fresh system, N records, one approved change set of
 * N updates (`material` Cotton → Linen <i>, with oldValue), and a crash of one service while the
 * apply is half done.
 *
 * "Half done" is made deterministic rather than raced: before the apply starts the test holds a
 * row lock (SELECT … FOR UPDATE, from its own connection) on a record of the set's second chunk.
 * The change-set service sends operations to records in chunks of 500 in set order, so the first
 * chunk is applied and audited, while records' transaction for the second chunk stays open,
 * waiting on that lock. The test kills a service in that state, then lets go of the lock.
 * (The wait for that state assumes apply-job.ts's default chunk of 500: change both together.)
 */
export const FAULT_N = Number(process.env.APPLY_FAULTS_N ?? 1000);
/** Operations the change-set service sends to records per request (DEFAULT_APPLY_JOB_SETTINGS.chunk in apply-job.ts). */
export const APPLY_CHUNK = 500;
const STEP_TIMEOUT_MS = 60_000;

export interface FaultScenario {
  system: TestSystem;
  /** A connection of the test itself to the system's database (all schemas). */
  pg: Client;
  changeSetId: string;
  operationIds: string[];
  records: { id: string; version: number; newValue: string }[];
}

export async function startScenario(label: string, n = FAULT_N): Promise<FaultScenario> {
  const system = await startTestSystem({ label });
  const pg = new Client({ connectionString: system.database.url, application_name: `${label}-test` });
  pg.on('error', () => undefined); // the database is dropped at the end, possibly under it
  const scenario: FaultScenario = { system, pg, changeSetId: '', operationIds: [], records: [] };
  try {
    await pg.connect();
    mark(`${label}: system up`);
    scenario.records = await createRecords(system, pg, n);
    mark(`${label}: ${n} records created`);
    const created = await system.api.as('agent', 'POST', '/change-sets', {
      title: `Fault test: ${n} material updates`,
      source: { type: 'agent', id: 'agent-fault-test', name: 'Fault test' },
      operations: scenario.records.map((record) => ({
        type: 'update',
        entityId: record.id,
        schemaId: 'schema-apparel',
        changes: [{ attributeAlias: 'material', attributeName: 'Material', oldValue: 'Cotton', newValue: record.newValue }],
      })),
    });
    expectStatus(created, 201);
    scenario.changeSetId = created.body.id;
    scenario.operationIds = created.body.operations.map((operation: { id: string }) => operation.id);
    expect(scenario.operationIds).toHaveLength(n);
    expectStatus(await system.api.as('agent', 'POST', `/change-sets/${scenario.changeSetId}/submit`), 200);
    const approved = await system.api.as('reviewer', 'POST', `/change-sets/${scenario.changeSetId}/approve`, { reviewNote: 'fault test' });
    expectStatus(approved, 200);
    expect(approved.body.status).toBe('approved');
    mark(`${label}: change set approved`);
    return scenario;
  } catch (error) {
    await stopScenario(scenario);
    throw error;
  }
}

export async function stopScenario(scenario: FaultScenario | undefined): Promise<void> {
  await scenario?.pg.end().catch(() => undefined);
  await scenario?.system.stop();
}

/**
 * Creates the records with one change set of N create operations, applied without faults (N
 * POST /records would take most of the time budget on a loaded 2-core machine).
 */
async function createRecords(system: TestSystem, pg: Client, n: number): Promise<FaultScenario['records']> {
  const skus = Array.from({ length: n }, (_, i) => `FLT-${String(i).padStart(5, '0')}`);
  const created = await system.api.as('editor', 'POST', '/change-sets', {
    title: `Fault test: ${n} records`,
    source: { type: 'user', name: 'Fault test setup' },
    operations: skus.map((sku) => ({
      type: 'create',
      schemaId: 'schema-apparel',
      changes: [
        { attributeAlias: 'sku', attributeName: 'SKU', newValue: sku },
        { attributeAlias: 'material', attributeName: 'Material', newValue: 'Cotton' },
      ],
    })),
  });
  expectStatus(created, 201);
  const id = created.body.id as string;
  expectStatus(await system.api.as('editor', 'POST', `/change-sets/${id}/submit`), 200);
  expectStatus(await system.api.as('reviewer', 'POST', `/change-sets/${id}/approve`), 200);
  // A large set answers 202 while it runs on; the repeated POST answers 200 with the result once done.
  let applied = await system.api.as('reviewer', 'POST', `/change-sets/${id}/apply`);
  while (applied.status === 202) {
    await sleep(500);
    applied = await system.api.as('reviewer', 'POST', `/change-sets/${id}/apply`);
  }
  expectStatus(applied, 200);
  expect(applied.body).toEqual({ applied: n, skipped: 0, errors: [] });
  const { rows } = await pg.query(
    `SELECT id, version, values->'sku'->0->>'value' AS sku FROM records.record WHERE values->'sku'->0->>'value' = ANY($1)`,
    [skus],
  );
  const bySku = new Map(rows.map((row) => [row.sku as string, row as { id: string; version: number }]));
  return skus.map((sku, i) => {
    const row = bySku.get(sku);
    if (!row) throw new Error(`Record ${sku} was not created`);
    return { id: row.id, version: row.version, newValue: `Linen ${i}` };
  });
}

export interface HeldLock {
  release(): Promise<void>;
}

/** Runs `statement` (a lock) in a transaction of a separate connection, held until `release()`. */
export async function holdLock(scenario: FaultScenario, statement: string, params: unknown[] = []): Promise<HeldLock> {
  const client = new Client({ connectionString: scenario.system.database.url, application_name: 'fault-test-lock' });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query(statement, params);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

/** Holds a row lock on one record: records' batch that updates it waits, with its transaction open. */
export function lockRecord(scenario: FaultScenario, recordId: string): Promise<HeldLock> {
  return holdLock(scenario, 'SELECT 1 FROM records.record WHERE id = $1 FOR UPDATE', [recordId]);
}

/** The record the lock is taken on: in the middle of the second chunk (or of the only one, for small sets). */
export function blockedIndex(n: number): number {
  return n > APPLY_CHUNK ? Math.min(n - 1, APPLY_CHUNK + Math.floor((n - APPLY_CHUNK) / 2)) : Math.floor(n / 2);
}

/** POST …/apply without awaiting it: the response (or the connection error) is kept for inspection. */
export function startApply(scenario: FaultScenario): Promise<ApiResponse | Error> {
  return scenario.system.api.as('reviewer', 'POST', `/change-sets/${scenario.changeSetId}/apply`).catch((error: Error) => error);
}

export interface ApplyState {
  /** Rows of records.applied_operation for this set (operations whose batch committed). */
  appliedInRecords: number;
  /** Operations the change-set service has confirmed (audit recorded them). */
  confirmed: number;
  auditEntries: number;
  /** Backends of this database waiting on a lock (records' open batch behind the test's row lock). */
  lockWaiters: number;
  /** Audit's batch insert waiting on a lock (behind the test's table lock). */
  auditWriteWaiting: number;
  /** Events of this set in records' outbox, and how many of them the relay has published. */
  outboxEvents: number;
  outboxPublished: number;
}

export async function applyState(scenario: FaultScenario): Promise<ApplyState> {
  const { rows } = await scenario.pg.query(
    `SELECT (SELECT count(*) FROM records.applied_operation WHERE change_set_id = $1)::int AS "appliedInRecords",
            (SELECT count(*) FROM change_sets.operation WHERE change_set_id = $1 AND apply_state = 'confirmed')::int AS confirmed,
            (SELECT count(*) FROM audit.audit_entry WHERE change_set_id = $1)::int AS "auditEntries",
            (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock')::int AS "lockWaiters",
            (SELECT count(*) FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO audit_entry%')::int AS "auditWriteWaiting",
            (SELECT count(*) FROM records.outbox WHERE envelope->>'changeSetId' = $1)::int AS "outboxEvents",
            (SELECT count(*) FROM records.outbox WHERE envelope->>'changeSetId' = $1 AND published_at IS NOT NULL)::int AS "outboxPublished"`,
    [scenario.changeSetId],
  );
  return rows[0] as ApplyState;
}

/** Polls `applyState` until `done` holds; fails with the last state after `timeoutMs`. */
export async function waitForState(
  scenario: FaultScenario,
  what: string,
  done: (state: ApplyState) => boolean,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<ApplyState> {
  const deadline = Date.now() + timeoutMs;
  let state = await applyState(scenario);
  while (!done(state)) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last state ${JSON.stringify(state)}`);
    await sleep(50);
    state = await applyState(scenario);
  }
  return state;
}

/**
 * Starts the apply with one record of the second chunk locked and waits until the apply is half
 * done: the first chunk applied in records and recorded by audit (the change-set service may have
 * confirmed some or all of it), records' next batch open and waiting. Returns the lock (released on failure), and the state the test saw then.
 */
export async function applyUntilHalfway(scenario: FaultScenario): Promise<{ lock: HeldLock; state: ApplyState }> {
  const n = scenario.records.length;
  const lock = await lockRecord(scenario, scenario.records[blockedIndex(n)].id);
  try {
    void startApply(scenario);
    const firstChunk = n > APPLY_CHUNK ? APPLY_CHUNK : 0;
    const state = await waitForState(
      scenario,
      'the apply to be half done',
      (s) => s.lockWaiters > 0 && s.appliedInRecords === firstChunk && s.auditEntries === firstChunk,
    );
    const set = (await scenario.system.api.as('viewer', 'GET', `/change-sets/${scenario.changeSetId}`)).body;
    expect(set.status).toBe('applying');
    // Operations of the first chunk are confirmed as their audit confirmations are heard: at most that chunk.
    expect(set.applyProgress.total).toBe(n);
    expect(set.applyProgress.done).toBeLessThanOrEqual(firstChunk);
    expect(state.confirmed).toBeLessThanOrEqual(firstChunk);
    expect(state).toMatchObject({ outboxEvents: firstChunk });
    mark('apply half done');
    return { lock, state };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Repeats POST …/apply until it answers 200 (202 while it runs on; 503/504 while a service is down or catching up). */
export async function applyUntilDone(scenario: FaultScenario, timeoutMs = 90_000): Promise<ApiResponse> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  for (;;) {
    const response = await startApply(scenario);
    if (!(response instanceof Error) && response.status === 200) {
      mark(`apply answered 200${seen.length ? ` after ${seen.map((answer) => answer.slice(0, 3)).join(', ')}` : ''}`);
      return response;
    }
    const outcome = response instanceof Error ? response.message : `${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
    seen.push(outcome);
    if (!(response instanceof Error) && ![202, 502, 503, 504].includes(response.status)) throw new Error(`apply answered ${outcome}`);
    if (Date.now() > deadline) throw new Error(`apply did not finish within ${timeoutMs} ms; answers: ${seen.join(' | ')}`);
    await sleep(500);
  }
}

/** The end state of an uninterrupted apply: everything applied exactly once, audited exactly once. */
export async function expectAppliedExactlyOnce(scenario: FaultScenario, result: ApiResponse): Promise<void> {
  const n = scenario.records.length;
  const { pg, changeSetId } = scenario;
  expect(result.status).toBe(200);
  expect(result.body).toEqual({ applied: n, skipped: 0, errors: [] });

  const set = (await scenario.system.api.as('viewer', 'GET', `/change-sets/${changeSetId}`)).body;
  expect(set.status).toBe('applied');
  expect(set.applyResult).toEqual({ applied: n, skipped: 0, errors: [] });
  expect(set.operations.filter((operation: { status: string }) => operation.status !== 'applied')).toEqual([]);

  // Every record holds its new value, and was written once (version + 1).
  const { rows: records } = await pg.query(`SELECT id, version, values->'material' AS material FROM records.record WHERE id = ANY($1)`, [
    scenario.records.map((record) => record.id),
  ]);
  const byId = new Map(records.map((row) => [row.id as string, row]));
  const wrong = scenario.records.filter((record) => {
    const row = byId.get(record.id);
    return !row || row.version !== record.version + 1 || JSON.stringify(row.material) !== JSON.stringify([{ scope: {}, value: record.newValue }]);
  });
  expect(wrong.map((record) => ({ expected: record, actual: byId.get(record.id) }))).toEqual([]);

  // Records remembered each operation once, and wrote one event per operation.
  const { rows: applied } = await pg.query('SELECT count(*)::int AS count FROM records.applied_operation WHERE change_set_id = $1', [changeSetId]);
  expect(applied[0].count).toBe(n);
  const { rows: events } = await pg.query(
    `SELECT envelope->>'operationId' AS operation_id, count(*)::int AS count FROM records.outbox WHERE envelope->>'changeSetId' = $1 GROUP BY 1`,
    [changeSetId],
  );
  expect(events.filter((row) => row.count !== 1)).toEqual([]);
  expect(events.map((row) => row.operation_id).sort()).toEqual([...scenario.operationIds].sort());

  // Audit: exactly one entry per applied operation.
  const { rows: audit } = await pg.query('SELECT operation_id, count(*)::int AS count FROM audit.audit_entry WHERE change_set_id = $1 GROUP BY 1', [
    changeSetId,
  ]);
  expect(audit.filter((row) => row.count !== 1)).toEqual([]);
  expect(audit.map((row) => row.operation_id).sort()).toEqual([...scenario.operationIds].sort());
}

export function expectStatus(response: ApiResponse, status: number): void {
  if (response.status !== status) throw new Error(`Expected ${status}, got ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
}

const started = Date.now();
/** A timing line on stderr when APPLY_FAULTS_VERBOSE is set (to size N on a given machine). */
export function mark(step: string): void {
  if (process.env.APPLY_FAULTS_VERBOSE) process.stderr.write(`[apply-faults +${((Date.now() - started) / 1000).toFixed(1)}s] ${step}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
