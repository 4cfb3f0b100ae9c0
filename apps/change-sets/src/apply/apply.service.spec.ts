import { applyFixture, duplicates, FAST, REVIEWER, silenceLogs } from '../../test/fakes/apply-fixtures';
import { ApplyJob } from './apply-job';
import type { ApplyLog } from './apply-log';
import { ApplyService } from './apply.service';

const CONTEXT = { requestId: 'req-apply', actor: REVIEWER };
const ALL_APPLIED = { applied: 5, skipped: 0, errors: [] };
const finished = (result: unknown) => ({ state: 'finished', result });

/**
 * Starting, joining, repeating and resuming applies. A "crash" is a step of the log throwing
 * before it writes (the process died there); a "restart" is a new ApplyService over the same log,
 * records and audit, which resumes unfinished runs when the application starts.
 */
describe('ApplyService', () => {
  silenceLogs();

  const service = (fixture: ReturnType<typeof applyFixture>) => new ApplyService(fixture.log, fixture.ports, FAST);

  /** A restarted service: it resumes on bootstrap; `apply` joins the resumed job. */
  async function restart(fixture: ReturnType<typeof applyFixture>) {
    const restarted = service(fixture);
    await restarted.onApplicationBootstrap();
    return restarted;
  }

  it('applies an approved set and answers the result', async () => {
    const fixture = applyFixture(5, [2]);
    expect(await service(fixture).apply('cs-1', CONTEXT)).toEqual({ result: finished({ applied: 4, skipped: 1, errors: [] }), replayed: false });
    expect(fixture.records.contexts[0]).toEqual(CONTEXT);
  });

  it('a repeated apply returns the first result and sends nothing to records', async () => {
    const fixture = applyFixture(5);
    const applier = service(fixture);
    const first = await applier.apply('cs-1', CONTEXT);
    const sent = fixture.records.requests.length;
    expect(await applier.apply('cs-1', CONTEXT)).toEqual(first);
    expect(await service(fixture).apply('cs-1', { requestId: 'other', actor: { userId: 'user-editor', roles: ['role-editor'] } })).toEqual(first);
    expect(fixture.records.requests).toHaveLength(sent);
  });

  it('with an Idempotency-Key, a retry is answered as a replay of the same apply', async () => {
    const fixture = applyFixture(5);
    const idempotency = { subject: 'change-sets.change-set.apply', scope: 'user-reviewer POST /change-sets/cs-1/apply', key: 'k-1', requestHash: 'h' };
    const applier = service(fixture);
    const first = await applier.apply('cs-1', { ...CONTEXT, idempotency });
    expect(first).toEqual({ result: finished(ALL_APPLIED), replayed: false });
    expect(await applier.apply('cs-1', { ...CONTEXT, idempotency })).toEqual({ result: finished(ALL_APPLIED), replayed: true });
    // A key meant for another subject is not this apply's key.
    expect(await applier.apply('cs-1', { ...CONTEXT, idempotency: { ...idempotency, subject: 'change-sets.change-set.create' } })).toEqual(first);
  });

  it('two applies at once share one run', async () => {
    const fixture = applyFixture(5);
    const applier = service(fixture);
    const [first, second] = await Promise.all([applier.apply('cs-1', CONTEXT), applier.apply('cs-1', CONTEXT)]);
    expect(first).toEqual({ result: finished(ALL_APPLIED), replayed: false });
    expect(second).toEqual(first);
    expect(fixture.records.requests.map((request) => request.operations.length)).toEqual([2, 2, 1]);
  });

  it('refuses a set that is not approved (409 naming the status) and an unknown one (404), starting nothing', async () => {
    const fixture = applyFixture(1);
    fixture.log.seed({ id: 'cs-draft', status: 'draft', operations: [{ id: 'cop-d', status: 'pending' }] });
    await expect(service(fixture).apply('cs-draft', CONTEXT)).rejects.toMatchObject({
      code: 'conflict',
      message: "Cannot apply a change set in status 'draft' (allowed: approved, applying)",
    });
    await expect(service(fixture).apply('cs-nope', CONTEXT)).rejects.toMatchObject({ code: 'not-found' });
    expect(await fixture.log.unfinished()).toEqual([]);
    expect(fixture.records.requests).toEqual([]);
  });

  describe('resuming after a crash, each operation applied once', () => {
    /** `armed`: the test arms the crash itself (at a later call of the step). */
    async function crashThenRestart(fixture: ReturnType<typeof applyFixture>, step: keyof ApplyLog, armed = false) {
      if (!armed) fixture.log.crashAt(step);
      await expect(service(fixture).apply('cs-1', CONTEXT)).rejects.toThrow(`simulated crash at ${step}`);
      expect(await fixture.log.unfinished()).toEqual(['cs-1']);
      const restarted = await restart(fixture);
      const { result: reply } = await restarted.apply('cs-1', CONTEXT);
      const result = reply.state === 'finished' ? reply.result : undefined;
      expect(duplicates(fixture.records.writes)).toEqual([]);
      // Records wrote exactly the operations the log ends with as applied.
      const applied = fixture.log.inspect('cs-1').operations.filter((operation) => operation.status === 'applied');
      expect([...fixture.records.writes].sort()).toEqual(applied.map((operation) => operation.id).sort());
      return result;
    }

    it('after the intent was written, before anything was sent', async () => {
      const fixture = applyFixture(5);
      expect(await crashThenRestart(fixture, 'exclusive')).toEqual(ALL_APPLIED);
    });

    it('after records applied a chunk, before its outcome was logged (records answers the repeat from its idempotency)', async () => {
      const fixture = applyFixture(5);
      expect(await crashThenRestart(fixture, 'recordOutcomes')).toEqual(ALL_APPLIED);
      const firstChunk = fixture.records.requests.filter((request) => request.operations[0].operationId === 'cop-1');
      expect(firstChunk).toHaveLength(2);
      expect(fixture.records.writes).toHaveLength(5);
    });

    it('after outcomes were logged, before audit confirmed them', async () => {
      const fixture = applyFixture(5);
      fixture.audit.deaf = () => true;
      expect(await crashThenRestart(fixture, 'confirm')).toEqual(ALL_APPLIED);
      expect(fixture.log.inspect('cs-1').operations.every((operation) => operation.applyState === 'confirmed')).toBe(true);
    });

    it('with some operations failed and some confirmed, the resumed run keeps their outcomes', async () => {
      const fixture = applyFixture(5);
      fixture.records.refuse.set('cop-1', { code: 'validation-failed', message: 'price: must be a number' });
      fixture.records.afterCommit = (request) => {
        if (request.operations.some((operation) => operation.operationId === 'cop-3')) {
          fixture.records.afterCommit = undefined;
          fixture.log.crashAt('recordOutcomes');
        }
      };
      const result = await crashThenRestart(fixture, 'recordOutcomes', true);
      expect(result).toEqual({ applied: 4, skipped: 0, errors: [{ operationId: 'cop-1', code: 'validation-failed', message: 'price: must be a number' }] });
      expect(fixture.log.inspect('cs-1').status).toBe('partially_applied');
    });

    it('while finishing: everything confirmed, the result not yet stored', async () => {
      const fixture = applyFixture(5);
      expect(await crashThenRestart(fixture, 'finish')).toEqual(ALL_APPLIED);
      expect(fixture.log.inspect('cs-1')).toMatchObject({ status: 'applied', applyResult: ALL_APPLIED });
    });

    it('after a shutdown mid-run, the next start resumes where it stopped', async () => {
      const fixture = applyFixture(5);
      const first = service(fixture);
      let shutdown: Promise<void> | undefined;
      fixture.records.afterCommit = () => {
        shutdown ??= first.beforeApplicationShutdown();
      };
      await expect(first.apply('cs-1', CONTEXT)).rejects.toMatchObject({ code: 'service-unavailable' });
      await shutdown;
      fixture.records.afterCommit = undefined;
      expect((await (await restart(fixture)).apply('cs-1', CONTEXT)).result).toEqual(finished(ALL_APPLIED));
      expect(fixture.records.requests.map((request) => request.operations.length)).toEqual([2, 2, 1]);
    });
  });

  it('when another process drives the run, apply waits for the result it stores', async () => {
    const fixture = applyFixture(5);
    expect(await fixture.log.start('cs-1', REVIEWER, 'req-other')).toEqual({ replayed: false });
    const release = fixture.log.holdLock('cs-1');
    const waiting = service(fixture).apply('cs-1', CONTEXT);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fixture.records.requests).toEqual([]);
    // The other process's job, run while it holds the lock.
    const other = await new ApplyJob({ log: fixture.log, ports: fixture.ports, isStopping: () => false, settings: FAST }, 'cs-1').run();
    release();
    expect((await waiting).result).toEqual(finished(other));
    expect(fixture.records.contexts[0]).toEqual({ requestId: 'req-other', actor: REVIEWER });
    expect(fixture.records.requests.map((request) => request.operations.length)).toEqual([2, 2, 1]);
  });

  it('when the process driving the run dies (its lock goes with it), a waiting replica takes the run over', async () => {
    const fixture = applyFixture(5);
    expect(await fixture.log.start('cs-1', REVIEWER, 'req-dead')).toEqual({ replayed: false });
    const ownerDies = fixture.log.holdLock('cs-1');
    const waiting = service(fixture).apply('cs-1', CONTEXT);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fixture.records.requests).toEqual([]);
    ownerDies();
    expect((await waiting).result).toEqual(finished(ALL_APPLIED));
    // On behalf of who started the run.
    expect(fixture.records.contexts[0]).toEqual({ requestId: 'req-dead', actor: REVIEWER });
    expect(duplicates(fixture.records.writes)).toEqual([]);
  });

  it('a running replica finishes a run whose owner died, without a restart and without a new request', async () => {
    const fixture = applyFixture(5);
    const peer = new ApplyService(fixture.log, fixture.ports, { ...FAST, resumeSweepMs: 10 });
    await peer.onApplicationBootstrap();
    expect(await fixture.log.start('cs-1', REVIEWER, 'req-dead')).toEqual({ replayed: false });
    const ownerDies = fixture.log.holdLock('cs-1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(fixture.records.requests).toEqual([]);
    ownerDies();
    for (let i = 0; i < 200 && !(await fixture.log.result('cs-1')); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await fixture.log.result('cs-1')).toEqual(ALL_APPLIED);
    expect(duplicates(fixture.records.writes)).toEqual([]);
    peer.onModuleDestroy();
  });

  it('answers running with the progress so far when the run outlasts the quick-answer window, and the result once done', async () => {
    const fixture = applyFixture(5);
    fixture.audit.lagging = () => true;
    const impatient = new ApplyService(fixture.log, fixture.ports, { ...FAST, waitMs: 50 });
    expect(await impatient.apply('cs-1', CONTEXT)).toEqual({
      result: { state: 'running', applyProgress: { done: 0, applied: 0, failed: 0, total: 5 } },
      replayed: false,
    });
    expect(fixture.log.inspect('cs-1').status).toBe('applying');
    fixture.audit.catchUp(fixture.ids.map((id) => `evt-${id}`));
    expect((await impatient.apply('cs-1', CONTEXT)).result).toEqual(finished(ALL_APPLIED));
  });
});
