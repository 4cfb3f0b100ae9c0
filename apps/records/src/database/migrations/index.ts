import { InitialRecordsSchema1764000000000 } from './1764000000000-initial-records-schema';
import { AppliedOperations1764000900000 } from './1764000900000-applied-operations';
import { CatalogsAndCategories1764000700000 } from './1764000700000-catalogs-and-categories';
import { IdempotencyKeys1764001100000 } from './1764001100000-idempotency-keys';
import { RecordCounts1764001300000 } from './1764001300000-record-counts';
import { IdempotencyWithTheWrite1764001500000 } from './1764001500000-idempotency-with-the-write';
import { RecordSearchIndexes1764001700000 } from './1764001700000-record-search-indexes';
import { UserTokenVersion1764002000000 } from './1764002000000-user-token-version';
import { RefreshTokens1764002100000 } from './1764002100000-refresh-tokens';
import { LoginThrottle1764002200000 } from './1764002200000-login-throttle';
import { ApiKeys1764002300000 } from './1764002300000-api-keys';
import { RecordCompleteness1764002500000 } from './1764002500000-record-completeness';
import { CompletenessSummaries1764002700000 } from './1764002700000-completeness-summaries';

/** Every migration of the records schema, oldest first. */
export const RECORDS_MIGRATIONS = [
  InitialRecordsSchema1764000000000,
  CatalogsAndCategories1764000700000,
  AppliedOperations1764000900000,
  IdempotencyKeys1764001100000,
  RecordCounts1764001300000,
  IdempotencyWithTheWrite1764001500000,
  RecordSearchIndexes1764001700000,
  UserTokenVersion1764002000000,
  RefreshTokens1764002100000,
  LoginThrottle1764002200000,
  ApiKeys1764002300000,
  RecordCompleteness1764002500000,
  CompletenessSummaries1764002700000,
];
