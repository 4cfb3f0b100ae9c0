import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RecordDto } from '@sigma/contracts';
import { ADMIN, ChangeSetsIntBed } from './change-sets-int-bed';

/**
 * Decisions taken at once on one process: each holds a pooled connection for its transaction
 * (and waits for the set's row lock), so none may need a second connection inside it; with more
 * decisions in flight than the pool has connections, that would starve the pool.
 */
describe('review: concurrent decisions on one process (real PostgreSQL, pool of 10)', () => {
  let bed: ChangeSetsIntBed;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    bed = await ChangeSetsIntBed.start('csreview');
  }, 90_000);

  afterAll(async () => {
    await bed?.stop();
  }, 60_000);

  it('24 single-operation decisions on one set at once all answer, and the set ends approved', async () => {
    const run = randomBytes(3).toString('hex').toUpperCase();
    const records: RecordDto[] = [];
    for (let i = 0; i < 24; i++) {
      const values = { sku: [{ scope: {}, value: `REV-${run}-${i}` }], material: [{ scope: {}, value: 'Cotton' }] };
      records.push(await bed.rpc.request('records.record.create', { schemaId: 'schema-apparel', values }, { context: bed.context(ADMIN) }));
    }
    const { result: set } = await bed.changeSets.create(
      {
        title: 'Concurrent decisions',
        source: { type: 'integration', id: 'int-test', name: 'Integration test' },
        operations: records.map((record, i) => ({
          type: 'update',
          entityId: record.id,
          schemaId: 'schema-apparel',
          changes: [{ attributeAlias: 'material', oldValue: 'Cotton', newValue: `Linen ${i}` }],
        })),
      },
      bed.context(ADMIN),
    );
    const submitted = await bed.review.submit(set.id, bed.context(ADMIN));
    const answers = await Promise.all(submitted.operations.map((operation) => bed.review.decideOperation(set.id, operation.id, 'approve', undefined, true)));
    expect(answers).toHaveLength(24);
    const last = answers.find((answer) => answer.status === 'approved');
    expect(last?.operations.every((operation) => operation.status === 'approved')).toBe(true);
  }, 60_000);
});
