import { applyFixture, duplicates, FAST, REVIEWER, silenceLogs } from '../../test/fakes/apply-fixtures';
import { ApplyJob } from './apply-job';

/** One run of the apply job against an in-memory apply log and fake records / audit. */
describe('ApplyJob', () => {
  silenceLogs();

  async function started(fixture: ReturnType<typeof applyFixture>, requestId: string | null = 'req-1') {
    expect(await fixture.log.start('cs-1', REVIEWER, requestId)).toEqual({ replayed: false });
    return fixture;
  }
  const job = (fixture: ReturnType<typeof applyFixture>, isStopping = () => false) =>
    new ApplyJob({ log: fixture.log, ports: fixture.ports, isStopping, settings: FAST }, 'cs-1');

  it('sends the approved operations in set order and chunks, as the run’s actor, and ends applied once audit confirmed them', async () => {
    const fixture = await started(applyFixture(5, [3]));
    const result = await job(fixture).run();
    expect(result).toEqual({ applied: 4, skipped: 1, errors: [] });
    expect(fixture.records.requests.map((request) => request.operations.map((operation) => operation.operationId))).toEqual([
      ['cop-1', 'cop-2'],
      ['cop-4', 'cop-5'],
    ]);
    expect(fixture.records.requests[0]).toMatchObject({ changeSetId: 'cs-1', operations: [{ type: 'update', entityId: 'ent-cop-1', schemaId: 'schema-test' }, {}] });
    expect(fixture.records.contexts).toEqual([
      { requestId: 'req-1', actor: REVIEWER },
      { requestId: 'req-1', actor: REVIEWER },
    ]);
    const stored = fixture.log.inspect('cs-1');
    expect(stored.status).toBe('applied');
    expect(stored.applyResult).toEqual(result);
    expect(stored.operations.map((operation) => [operation.id, operation.status, operation.applyState])).toEqual([
      ['cop-1', 'applied', 'confirmed'],
      ['cop-2', 'applied', 'confirmed'],
      ['cop-3', 'rejected', 'skipped'],
      ['cop-4', 'applied', 'confirmed'],
      ['cop-5', 'applied', 'confirmed'],
    ]);
    expect(fixture.progress.at(-1)).toEqual({ changeSetId: 'cs-1', done: 4, applied: 4, failed: 0, total: 4 });
    expect(await fixture.log.unfinished()).toEqual([]);
  });

  it('a run started without a request id applies under one derived from the set', async () => {
    const fixture = await started(applyFixture(1), null);
    await job(fixture).run();
    expect(fixture.records.contexts).toEqual([{ requestId: 'apply-cs-1', actor: REVIEWER }]);
  });

  it('lists the operations records refuses, in set order, and ends partially_applied', async () => {
    const fixture = applyFixture(4);
    fixture.records.refuse.set('cop-4', { code: 'not-found', message: "Record 'ent-cop-4' not found" });
    fixture.records.refuse.set('cop-2', { code: 'conflict', message: 'material changed since' });
    await started(fixture);
    const result = await job(fixture).run();
    expect(result).toEqual({
      applied: 2,
      skipped: 0,
      errors: [
        { operationId: 'cop-2', code: 'conflict', message: 'material changed since' },
        { operationId: 'cop-4', code: 'not-found', message: "Record 'ent-cop-4' not found" },
      ],
    });
    const stored = fixture.log.inspect('cs-1');
    expect(stored.status).toBe('partially_applied');
    expect(stored.operations[1]).toMatchObject({ status: 'failed', applyState: 'failed', error: { code: 'conflict', message: 'material changed since' } });
    expect(fixture.progress.at(-1)).toEqual({ changeSetId: 'cs-1', done: 4, applied: 2, failed: 2, total: 4 });
  });

  it('an operation applied without events counts as applied at once', async () => {
    const fixture = applyFixture(2);
    fixture.records.silent.add('cop-1');
    fixture.records.silent.add('cop-2');
    await started(fixture);
    expect(await job(fixture).run()).toEqual({ applied: 2, skipped: 0, errors: [] });
    expect(fixture.audit.checks).toBe(0);
  });

  it('while records is down it asks again (with backoff) and applies each operation once', async () => {
    const fixture = applyFixture(3);
    fixture.records.fail('down', 'down', 'down');
    await started(fixture);
    expect(await job(fixture).run()).toEqual({ applied: 3, skipped: 0, errors: [] });
    expect(fixture.records.requests).toHaveLength(3 + 2);
    expect(fixture.records.writes).toEqual(['cop-1', 'cop-2', 'cop-3']);
  });

  it('when records applied a chunk and the reply was lost, the repeat is answered from records’ idempotency: nothing applied twice', async () => {
    const fixture = applyFixture(4);
    fixture.records.fail('lose-reply', 'down', 'lose-reply');
    await started(fixture);
    expect(await job(fixture).run()).toEqual({ applied: 4, skipped: 0, errors: [] });
    expect(fixture.records.writes).toHaveLength(4);
    expect(duplicates(fixture.records.writes)).toEqual([]);
  });

  it('confirms heard events at once and asks audit for the ones it did not hear', async () => {
    const fixture = applyFixture(4);
    fixture.audit.deaf = (eventId) => eventId.endsWith('-2') || eventId.endsWith('-3');
    await started(fixture);
    expect(await job(fixture).run()).toEqual({ applied: 4, skipped: 0, errors: [] });
    expect(fixture.audit.checks).toBeGreaterThan(0);
    // Progress moved as the heard ones were confirmed, before the asked ones.
    const dones = fixture.progress.map((progress) => progress.done);
    expect(dones.some((done) => done > 0 && done < 4)).toBe(true);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('publishes progress at most every progressEveryMs, and always the final one', async () => {
    const fixture = applyFixture(6);
    await started(fixture);
    const slow = new ApplyJob({ log: fixture.log, ports: fixture.ports, isStopping: () => false, settings: { ...FAST, progressEveryMs: 60_000 } }, 'cs-1');
    await slow.run();
    // The first one (nothing published yet) and the forced last one.
    expect(fixture.progress).toHaveLength(2);
    expect(fixture.progress.at(-1)).toEqual({ changeSetId: 'cs-1', done: 6, applied: 6, failed: 0, total: 6 });
  });

  it('waits for an audit trail that lags and survives audit not answering, then ends applied', async () => {
    const fixture = applyFixture(3);
    fixture.audit.lagging = () => true;
    fixture.audit.checkFailures = 2;
    await started(fixture);
    const running = job(fixture).run();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(fixture.log.inspect('cs-1').operations.map((operation) => operation.applyState)).toEqual(['requested', 'requested', 'requested']);
    fixture.audit.catchUp(['evt-cop-1', 'evt-cop-2', 'evt-cop-3']);
    expect(await running).toEqual({ applied: 3, skipped: 0, errors: [] });
    expect(fixture.audit.checks).toBeGreaterThanOrEqual(2);
  });

  it('stops when the service is stopping, leaving the run to resume: what was done stays done', async () => {
    const fixture = applyFixture(5);
    let stopping = false;
    fixture.records.afterCommit = () => {
      stopping = true;
    };
    await started(fixture);
    await expect(job(fixture, () => stopping).run()).rejects.toMatchObject({ code: 'service-unavailable' });
    expect(await fixture.log.unfinished()).toEqual(['cs-1']);
    expect(fixture.log.inspect('cs-1').operations.map((operation) => operation.applyState)).toEqual(['confirmed', 'confirmed', 'pending', 'pending', 'pending']);
    stopping = false;
    expect(await job(fixture).run()).toEqual({ applied: 5, skipped: 0, errors: [] });
    expect(fixture.records.requests.map((request) => request.operations.length)).toEqual([2, 2, 1]);
    expect(duplicates(fixture.records.writes)).toEqual([]);
  });

  it('a run that finished returns its stored result when run again, sending nothing', async () => {
    const fixture = await started(applyFixture(3));
    const first = await job(fixture).run();
    const sent = fixture.records.requests.length;
    expect(await job(fixture).run()).toEqual(first);
    expect(fixture.records.requests).toHaveLength(sent);
  });

  it('refuses to run a set without a run in the log', async () => {
    const fixture = applyFixture(1);
    await expect(job(fixture).run()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('cs-1') });
    expect(fixture.records.requests).toEqual([]);
  });
});
