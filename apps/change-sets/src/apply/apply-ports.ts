import type { NatsConnection } from 'nats';
import {
  APPLY_PROGRESSED_SUBJECT,
  type ApplyOperationsRequest,
  type ApplyProgressed,
  type RecordOperationResult,
  type RpcContext,
} from '@sigma/contracts';
import { changeSetApplyProgress, prefixSubject, type RpcClient } from '@sigma/messaging';
import type { AuditConfirmations } from './audit-confirmations';

/** Which record events the audit trail has durably recorded. */
export interface AuditTrail {
  /** The ids among `eventIds` already heard as recorded. */
  heard(eventIds: readonly string[]): string[];
  /** Asks the audit service which of `eventIds` are recorded. */
  check(eventIds: readonly string[]): Promise<string[]>;
  /** Resolves on the next confirmation heard, or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void>;
}

/** What an apply run talks to besides its log: records, the audit trail, and whoever follows its progress. */
export interface ApplyPorts {
  /** `records.record.apply-operations`: idempotent per operation id, so a lost reply is safe to ask again. */
  applyOperations(request: ApplyOperationsRequest, context: RpcContext, timeoutMs: number): Promise<RecordOperationResult[]>;
  audit: AuditTrail;
  publishProgress(progress: ApplyProgressed): void;
}

export const APPLY_PORTS = Symbol('APPLY_PORTS');

/** The ports over NATS: records by request/reply, audit confirmations, progress on core NATS and as a metric. */
export function natsApplyPorts(rpc: RpcClient, audit: AuditConfirmations, nats: NatsConnection, subjectPrefix?: string): ApplyPorts {
  const progressSubject = prefixSubject(subjectPrefix, APPLY_PROGRESSED_SUBJECT);
  return {
    applyOperations: (request, context, timeoutMs) => rpc.request('records.record.apply-operations', request, { timeoutMs, context }),
    audit,
    publishProgress: (progress) => {
      nats.publish(progressSubject, JSON.stringify(progress));
      setProgressMetric(progress);
    },
  };
}

function setProgressMetric({ changeSetId, applied, failed, total, done }: ApplyProgressed): void {
  const states = { applied, failed, total };
  for (const [state, value] of Object.entries(states)) {
    // A finished run's series go, so only running applies are exported.
    if (done >= total) changeSetApplyProgress.remove({ change_set_id: changeSetId, state });
    else changeSetApplyProgress.set({ change_set_id: changeSetId, state }, value);
  }
}
