import { InitialRecordsSchema1764000000000 } from './1764000000000-initial-records-schema';

/** Every migration of the records schema, oldest first. */
export const RECORDS_MIGRATIONS = [InitialRecordsSchema1764000000000];
