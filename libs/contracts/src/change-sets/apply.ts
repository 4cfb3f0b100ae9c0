import type { ApplyProgressDto, ApplyResult } from './change-sets';

/**
 * What `change-sets.change-set.apply` answers: the result when the apply finished within the
 * quick-answer window, else that it is still running (the gateway answers 202 with a Location).
 */
export type ApplyReply = { state: 'finished'; result: ApplyResult } | { state: 'running'; applyProgress: ApplyProgressDto };

/** The body of a 202 to POST /change-sets/:id/apply: the set is applying; poll GET /change-sets/:id. */
export interface ApplyAccepted {
  changeSetId: string;
  status: 'applying';
  applyProgress: ApplyProgressDto;
}

/** The audit entries an apply of a change set wrote, in pages (for revert). */
export interface AuditByChangeSetRequest {
  changeSetId: string;
  /** Continue after this entry id (exclusive). */
  after?: string;
  limit: number;
}

/** Pages of `audit.entry.by-change-set` hold at most this many entries. */
export const AUDIT_BY_CHANGE_SET_MAX_LIMIT = 5000;
