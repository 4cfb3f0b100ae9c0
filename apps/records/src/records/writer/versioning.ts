import { DomainError, ErrorCodes, type RpcContext } from '@sigma/contracts';
import type { RecordEntity } from '../../database/entities';
import type { VersionGuard } from './record-mutations';

/**
 * Checked on the row-locked record, so no writer can move the version between this check and the
 * write. No guard: the row lock alone serialises writers.
 */
export function checkVersion(record: Pick<RecordEntity, 'id' | 'version'>, guard: VersionGuard): void {
  if (guard.expectedVersion !== undefined && record.version !== guard.expectedVersion) {
    throw new DomainError(
      ErrorCodes.preconditionFailed,
      `Record '${record.id}' is at version ${record.version}, not ${guard.expectedVersion}; read it again and retry`,
      { recordId: record.id, currentVersion: record.version, expectedVersion: guard.expectedVersion },
    );
  }
  if (guard.decidedOnVersion !== undefined && record.version !== guard.decidedOnVersion) {
    throw new DomainError(
      ErrorCodes.staleWrite,
      `Record '${record.id}' changed (now version ${record.version}) after version ${guard.decidedOnVersion} was checked; the write was not made`,
      { recordId: record.id, currentVersion: record.version, decidedOnVersion: guard.decidedOnVersion },
    );
  }
}

/** The row after one more write by the caller: the only place a record's version, updatedAt and updatedBy move. */
export function nextVersion(record: RecordEntity, context: RpcContext, now: Date): RecordEntity {
  return { ...record, version: record.version + 1, updatedAt: now, updatedBy: actorId(context) };
}

export function actorId(context: RpcContext): string {
  return context.actor?.userId ?? 'system';
}
