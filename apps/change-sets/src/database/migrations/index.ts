import { InitialChangeSetsSchema1764000500000 } from './1764000500000-initial-change-sets-schema';
import { IdempotencyKeys1764001600000 } from './1764001600000-idempotency-keys';
import { AnnotationScope1764002100000 } from './1764002100000-annotation-scope';
import { ChangeSetRevisions1764003000000 } from './1764003000000-change-set-revisions';
import { Imports1764003400000 } from './1764003400000-imports';
import { ApplyPendingOrder1764004700000 } from './1764004700000-apply-pending-order';
import { DecidedAt1764004800000 } from './1764004800000-decided-at';
import { ApplyRunProgress1764004900000 } from './1764004900000-apply-run-progress';

export const CHANGE_SETS_MIGRATIONS = [
  InitialChangeSetsSchema1764000500000,
  IdempotencyKeys1764001600000,
  AnnotationScope1764002100000,
  ChangeSetRevisions1764003000000,
  Imports1764003400000,
  ApplyPendingOrder1764004700000,
  DecidedAt1764004800000,
  ApplyRunProgress1764004900000,
];
