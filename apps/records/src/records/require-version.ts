import { DomainError, ErrorCodes } from '@sigma/contracts';

/**
 * Optimistic concurrency (HTTP If-Match): called on the row-locked record, so no writer can move
 * the version between this check and the write. No expected version: the row lock alone serialises.
 */
export function requireVersion(record: { id: string; version: number }, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || record.version === expectedVersion) return;
  throw new DomainError(
    ErrorCodes.preconditionFailed,
    `Record '${record.id}' is at version ${record.version}, not ${expectedVersion}; read it again and retry`,
    { recordId: record.id, currentVersion: record.version, expectedVersion },
  );
}
