import { InitialChangeSetsSchema1764000500000 } from './1764000500000-initial-change-sets-schema';
import { IdempotencyKeys1764001600000 } from './1764001600000-idempotency-keys';

export const CHANGE_SETS_MIGRATIONS = [InitialChangeSetsSchema1764000500000, IdempotencyKeys1764001600000];
