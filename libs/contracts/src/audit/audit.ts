import type { ValueChange } from '../records/records';

export type AuditAction = 'create' | 'update' | 'delete' | 'transition';

export interface AuditEntryDto {
  id: string;
  entityId: string;
  userId: string;
  timestamp: string;
  action: AuditAction;
  changes: ValueChange[];
  /** Set when the change was applied from a change set. */
  changeSetId?: string;
  operationId?: string;
}

export interface AuditListRequest {
  entityId: string;
  limit: number;
  offset: number;
  /** `asc` (default): oldest first, as the seed's example; `desc`: newest first. */
  order: 'asc' | 'desc';
  /** Continue after this entry id (exclusive), in the requested order. */
  after?: string;
}

export interface AuditPage {
  items: AuditEntryDto[];
  total: number;
  /** Id of the last item when more follow; pass as `after` for the next page. */
  nextCursor?: string;
}

/** Published (core NATS) after a batch of entries is durably written. */
export interface AuditEntriesRecorded {
  entries: { eventId: string; auditId: string; entityId: string; changeSetId?: string; operationId?: string }[];
}

export const AUDIT_RECORDED_SUBJECT = 'audit.entry.recorded';
export const AUDIT_LIST_DEFAULT_LIMIT = 50;
export const AUDIT_LIST_MAX_LIMIT = 500;
