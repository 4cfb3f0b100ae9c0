import { describeApplyLogContract } from '../apply-log.contract';
import { InMemoryApplyLog } from './in-memory-apply-log';

/** The fake the apply-job tests use keeps the same contract as the PostgreSQL apply log (see apply-log.int-spec.ts). */
const log = new InMemoryApplyLog();
describeApplyLogContract('in memory', () => ({
  log,
  seed: async (set) => log.seed(set),
  inspect: async (id) => log.inspect(id),
  holdLock: async (id) => {
    const release = log.holdLock(id);
    return async () => {
      release();
    };
  },
}));
