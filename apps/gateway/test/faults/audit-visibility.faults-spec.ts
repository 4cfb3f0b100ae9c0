import { startTestSystem, type TestSystem } from '@sigma/testing';

/**
 * After a crash of the audit service, the entries of writes that were already acknowledged are
 * visible as soon as the service answers again: the events it held come again within about 2 s
 * (short ack wait), and a read waits, within a bound, for the entry of the record's latest write.
 * Before, they were missing for the consumer's 30 s ack wait. Run with `npm run test:faults`.
 */
jest.setTimeout(5 * 60_000);

const ROUNDS = 3;

describe('audit visibility after a crash (faults)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'auditcrash' });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  /** The first answer of GET …/audit (newest first) once the audit service is back (503/504 while it is not). */
  async function firstAnswer(id: string): Promise<{ status: number; body: { changes: { newValue: unknown }[] }[] }> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await system.api.as('viewer', 'GET', `/records/${id}/audit?order=desc`);
      if ((response.status !== 503 && response.status !== 504) || Date.now() > deadline) return response;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('SIGKILL of audit right after a write: the first audit read once it is back holds the write', async () => {
    const created = await system.api.as('editor', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: { sku: [{ scope: {}, value: 'AUDCRASH-1' }], 'product-name': [{ scope: {}, value: 'Before' }] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const audit = system.service('audit');
      // Frozen, the consumer still receives what its open pull asks for but never acks it: the
      // write's event is in flight in the process that is then killed.
      process.kill(audit.child.pid as number, 'SIGSTOP');
      const value = `Round ${round}`;
      const written = await system.api.as('editor', 'PATCH', `/records/${id}/values/product-name`, { scopedValues: [{ scope: {}, value }] });
      expect(written.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await audit.kill('SIGKILL');
      await system.restart('audit');
      const answer = await firstAnswer(id);
      expect(answer.status).toBe(200);
      expect({ round, newest: answer.body[0]?.changes[0]?.newValue, entries: answer.body.length }).toEqual({ round, newest: value, entries: round + 1 });
    }
  });
});
