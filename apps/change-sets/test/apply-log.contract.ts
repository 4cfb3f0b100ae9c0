import type { ApplyLog } from '../src/apply/apply-log';
import type { SeedSet, StoredSet } from './fakes/in-memory-apply-log';
import { REVIEWER } from './fakes/apply-fixtures';

/** One implementation of the apply log under test, with a way to seed sets and read what it stored. */
export interface ApplyLogBed {
  log: ApplyLog;
  seed(set: SeedSet): Promise<void>;
  inspect(changeSetId: string): Promise<StoredSet>;
  /** Holds a set's run lock as another process would, until the returned function is called. */
  holdLock(changeSetId: string): Promise<() => Promise<void>>;
}

/**
 * What every ApplyLog does, run against the in-memory fake (unit) and the PostgreSQL repository
 * (integration), so the fake the apply-job tests rely on behaves as the real log does.
 */
export function describeApplyLogContract(name: string, bed: () => ApplyLogBed): void {
  describe(`ApplyLog contract: ${name}`, () => {
    let counter = 0;
    const nextId = () => `cs-contract-${++counter}`;

    async function seeded(statuses: ('approved' | 'rejected')[], setStatus: SeedSet['status'] = 'approved') {
      const id = nextId();
      await bed().seed({ id, status: setStatus, operations: statuses.map((status, i) => ({ id: `${id}-op${i + 1}`, status })) });
      return { id, op: (n: number) => `${id}-op${n}` };
    }
    const states = async (id: string) => (await bed().inspect(id)).operations.map((operation) => [operation.status, operation.applyState]);

    it('start writes the run and every operation’s intent once: approved → pending, others skipped', async () => {
      const { id } = await seeded(['approved', 'rejected', 'approved']);
      const { log } = bed();
      expect(await log.run(id)).toBeUndefined();
      expect(await log.start(id, REVIEWER, 'req-1')).toEqual({ replayed: false });
      expect(await states(id)).toEqual([
        ['approved', 'pending'],
        ['rejected', 'skipped'],
        ['approved', 'pending'],
      ]);
      expect(await log.run(id)).toEqual({ changeSetId: id, status: 'running', actor: REVIEWER, requestId: 'req-1' });
      expect(await log.unfinished()).toContain(id);
      // Again (a repeated POST): the run and intents stay as first written.
      expect(await log.start(id, { userId: 'user-editor', roles: ['role-editor'] }, 'req-2')).toEqual({ replayed: false });
      expect(await log.run(id)).toMatchObject({ actor: REVIEWER, requestId: 'req-1' });
      expect((await bed().inspect(id)).status).toBe('applying');
    });

    it('start refuses a set that is not approved (409) and an unknown one (404), writing nothing', async () => {
      const { id } = await seeded(['approved'], 'pending_approval');
      const { log } = bed();
      await expect(log.start(id, REVIEWER, null)).rejects.toMatchObject({
        code: 'conflict',
        message: "Cannot apply a change set in status 'pending_approval' (allowed: approved, applying)",
        details: { status: 'pending_approval', allowed: ['approved', 'applying'] },
      });
      expect(await log.run(id)).toBeUndefined();
      expect(await states(id)).toEqual([['approved', null]]);
      await expect(log.start('cs-contract-unknown', REVIEWER, null)).rejects.toMatchObject({ code: 'not-found' });
    });

    it('start claims the Idempotency-Key with the run: a retry is a replay, another body is refused, a refused start claims nothing', async () => {
      const { log } = bed();
      const key = (requestHash: string, name = 'key-1') => ({ subject: 'change-sets.change-set.apply', scope: `user-reviewer POST ${name}`, key: name, requestHash });
      const { id } = await seeded(['approved']);
      expect(await log.start(id, REVIEWER, 'req-1', key('h1'))).toEqual({ replayed: false });
      expect(await log.start(id, REVIEWER, 'req-2', key('h1'))).toEqual({ replayed: true });
      await expect(log.start(id, REVIEWER, 'req-3', key('h2'))).rejects.toMatchObject({ code: 'idempotency-key-reused' });
      expect(await log.run(id)).toMatchObject({ requestId: 'req-1' });

      const { id: inReview } = await seeded(['approved'], 'pending_approval');
      await expect(log.start(inReview, REVIEWER, null, key('h1', 'key-2'))).rejects.toMatchObject({ code: 'conflict' });
      await expect(log.start(inReview, REVIEWER, null, key('h1', 'key-2'))).rejects.toMatchObject({ code: 'conflict' });
    });

    it('pending gives the operations to send in set order, in chunks, with only what records applies', async () => {
      const id = nextId();
      await bed().seed({
        id,
        status: 'approved',
        operations: [
          { id: `${id}-a`, status: 'approved', type: 'create', changes: [{ attributeAlias: 'sku', scope: {}, newValue: 'X-1' }] },
          { id: `${id}-b`, status: 'rejected' },
          { id: `${id}-c`, status: 'approved', entityId: 'ent-9', changes: [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 1, newValue: 2 }] },
          { id: `${id}-d`, status: 'approved', type: 'delete', entityId: 'ent-10', changes: [] },
        ],
      });
      const { log } = bed();
      await log.start(id, REVIEWER, null);
      expect(await log.pending(id, 2)).toEqual([
        { operationId: `${id}-a`, type: 'create', schemaId: 'schema-test', changes: [{ attributeAlias: 'sku', scope: {}, newValue: 'X-1' }] },
        {
          operationId: `${id}-c`,
          type: 'update',
          entityId: 'ent-9',
          schemaId: 'schema-test',
          changes: [{ attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 1, newValue: 2 }],
        },
      ]);
      expect((await log.pending(id, 10)).map((operation) => operation.operationId)).toEqual([`${id}-a`, `${id}-c`, `${id}-d`]);
    });

    it('pending leaves out the changes the reviewer rejected, keeping approved and undecided ones', async () => {
      const id = nextId();
      await bed().seed({
        id,
        status: 'approved',
        operations: [
          {
            id: `${id}-a`,
            status: 'approved',
            entityId: 'ent-9',
            changes: [
              { attributeAlias: 'short-description', scope: {}, newValue: 'Better', decision: 'approved' },
              { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, oldValue: 'Hemd', newValue: 'Hemdchen', decision: 'rejected' },
              { attributeAlias: 'material', scope: {}, newValue: 'Linen' },
            ],
          },
        ],
      });
      const { log } = bed();
      await log.start(id, REVIEWER, null);
      expect((await log.pending(id, 10)).map((operation) => operation.changes)).toEqual([
        [
          { attributeAlias: 'short-description', scope: {}, newValue: 'Better' },
          { attributeAlias: 'material', scope: {}, newValue: 'Linen' },
        ],
      ]);
    });

    it('recordOutcomes moves only pending operations: events → requested, none → applied, refused → failed', async () => {
      const { id, op } = await seeded(['approved', 'approved', 'approved', 'rejected']);
      const { log } = bed();
      await log.start(id, REVIEWER, null);
      await log.recordOutcomes(id, [
        { operationId: op(1), status: 'applied', entityId: 'ent-1', eventIds: ['evt-1', 'evt-1b'] },
        { operationId: op(2), status: 'applied', entityId: 'ent-2', eventIds: [] },
        { operationId: op(3), status: 'failed', code: 'conflict', message: 'changed since' },
        { operationId: op(4), status: 'applied', entityId: 'ent-4', eventIds: ['evt-4'] },
      ]);
      expect(await states(id)).toEqual([
        ['approved', 'requested'],
        ['applied', 'confirmed'],
        ['failed', 'failed'],
        ['rejected', 'skipped'],
      ]);
      expect((await bed().inspect(id)).operations[2].error).toEqual({ code: 'conflict', message: 'changed since' });
      // A late duplicate answer does not move an operation back.
      await log.recordOutcomes(id, [{ operationId: op(3), status: 'applied', entityId: 'ent-3', eventIds: ['evt-3'] }]);
      expect(await states(id)).toEqual([
        ['approved', 'requested'],
        ['applied', 'confirmed'],
        ['failed', 'failed'],
        ['rejected', 'skipped'],
      ]);
      expect(await log.awaitingConfirmation(id)).toEqual([{ operationId: op(1), eventIds: ['evt-1', 'evt-1b'] }]);
    });

    it('confirm moves requested operations to applied, once; progress counts done of the operations in the run', async () => {
      const { id, op } = await seeded(['approved', 'approved', 'rejected', 'approved']);
      const { log } = bed();
      expect(await log.progress([id])).toEqual(new Map());
      await log.start(id, REVIEWER, null);
      expect((await log.progress([id])).get(id)).toEqual({ done: 0, applied: 0, failed: 0, total: 3 });
      await log.recordOutcomes(id, [
        { operationId: op(1), status: 'applied', entityId: 'ent-1', eventIds: ['evt-1'] },
        { operationId: op(2), status: 'applied', entityId: 'ent-2', eventIds: ['evt-2'] },
      ]);
      expect(await log.confirm(id, [op(1), op(4)])).toBe(1);
      expect(await log.confirm(id, [op(1)])).toBe(0);
      expect(await states(id)).toEqual([
        ['applied', 'confirmed'],
        ['approved', 'requested'],
        ['rejected', 'skipped'],
        ['approved', 'pending'],
      ]);
      expect((await log.progress([id, 'cs-contract-unknown'])).get(id)).toEqual({ done: 1, applied: 1, failed: 0, total: 3 });
      expect((await log.progress([id, 'cs-contract-unknown'])).has('cs-contract-unknown')).toBe(false);
    });

    it('finish stores the result and the final status once and completes the run; start then answers the result', async () => {
      const { id, op } = await seeded(['approved', 'approved', 'rejected']);
      const { log } = bed();
      await log.start(id, REVIEWER, null);
      await log.recordOutcomes(id, [
        { operationId: op(2), status: 'failed', code: 'not-found', message: "Record 'ent-2' not found" },
        { operationId: op(1), status: 'applied', entityId: 'ent-1', eventIds: [] },
      ]);
      expect(await log.result(id)).toBeUndefined();
      const result = await log.finish(id);
      expect(result).toEqual({ applied: 1, skipped: 1, errors: [{ operationId: op(2), code: 'not-found', message: "Record 'ent-2' not found" }] });
      expect(await bed().inspect(id)).toMatchObject({ status: 'partially_applied', applyResult: result });
      expect(await log.run(id)).toMatchObject({ status: 'completed' });
      expect(await log.unfinished()).not.toContain(id);
      expect(await log.finish(id)).toEqual(result);
      expect(await log.result(id)).toEqual(result);
      expect(await log.start(id, REVIEWER, null)).toEqual({ replayed: false, result });
      await expect(log.result('cs-contract-unknown')).rejects.toMatchObject({ code: 'not-found' });
    });

    it('a run without failures finishes applied', async () => {
      const { id, op } = await seeded(['approved']);
      const { log } = bed();
      await log.start(id, REVIEWER, null);
      await log.recordOutcomes(id, [{ operationId: op(1), status: 'applied', entityId: 'ent-1', eventIds: ['evt-1'] }]);
      await log.confirm(id, [op(1)]);
      expect(await log.finish(id)).toEqual({ applied: 1, skipped: 0, errors: [] });
      expect((await bed().inspect(id)).status).toBe('applied');
    });

    it('exclusive runs the work only where no other process holds the run lock', async () => {
      const { id } = await seeded(['approved']);
      const { log } = bed();
      expect(await log.exclusive(id, async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
      const release = await bed().holdLock(id);
      try {
        let ran = false;
        expect(
          await log.exclusive(id, async () => {
            ran = true;
          }),
        ).toEqual({ acquired: false });
        expect(ran).toBe(false);
      } finally {
        await release();
      }
      expect(await log.exclusive(id, async () => 'again')).toEqual({ acquired: true, value: 'again' });
      // The lock is released when the work throws, too.
      await expect(log.exclusive(id, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await log.exclusive(id, async () => 'after a failure')).toEqual({ acquired: true, value: 'after a failure' });
    });
  });
}
