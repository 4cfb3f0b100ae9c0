import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { ChangeSetsIntBed } from './change-sets-int-bed';

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
    const records = await bed.createRecords(24, `REV-${randomBytes(3).toString('hex').toUpperCase()}`);
    const set = await bed.submittedMaterialSet(records, 'Concurrent decisions');
    const answers = await Promise.all(set.operations.map((operation) => bed.review.decideOperation(set.id, operation.id, 'approve', undefined, true)));
    expect(answers).toHaveLength(24);
    const last = answers.find((answer) => answer.status === 'approved');
    expect(last?.operations.every((operation) => operation.status === 'approved')).toBe(true);
  }, 60_000);
});
