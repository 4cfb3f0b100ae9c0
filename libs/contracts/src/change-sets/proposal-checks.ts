import type { ValidationIssue } from '../errors';
import type { Scope } from '../records/records';
import type { OperationType } from './change-sets';

/**
 * Proposed values checked by records before a set goes to review, with the rules a record write
 * applies (type, options, pattern, min/max, scope, uniqueness against other records).
 */
export interface ProposedOperation {
  /** Path of the operation in the set, e.g. `operations[2]`; issues name `<field>.changes[i].newValue`. */
  field: string;
  type: OperationType;
  /** The record an update writes: its own values do not clash with themselves for uniqueness. */
  entityId?: string;
  schemaId: string;
  changes: { attributeAlias: string; scope?: Scope; newValue: unknown }[];
}

export interface ValidateProposedValuesRequest {
  operations: ProposedOperation[];
}

/** At most MAX_REPORTED_ISSUES issues (see capIssues). */
export interface ValidateProposedValuesResponse {
  issues: ValidationIssue[];
}

/** A change's `oldValue`, to compare with what the record holds now in that attribute × scope. */
export interface StaleProbe {
  entityId: string;
  attributeAlias: string;
  scope?: Scope;
  oldValue: unknown;
}

export interface FindStaleRequest {
  probes: StaleProbe[];
}

/** The probes (by index in the request) whose oldValue differs from the current value (null when none, or the record is gone). */
export interface FindStaleResponse {
  stale: { index: number; currentValue: unknown }[];
}

/** A request of either kind carries at most this many operations or probes, and about this much JSON. */
export const PROPOSAL_CHECK_CHUNK_ITEMS = 500;
export const PROPOSAL_CHECK_CHUNK_BYTES = 256 * 1024;

