import { Injectable } from '@nestjs/common';
import type { ChangeSetStatus, OperationFilter } from '@sigma/contracts';
import type { OperationEntity } from '../database/entities';
import { computedFilter, keepsComputed } from '../domain/operation-filter';
import { ProposalChecks } from '../review/proposal-checks';
import type { KeepComputed } from './bounded-pages';

/** The computed parts of an operation filter (stale, invalid), asked of the records service. */
@Injectable()
export class OperationMatcher {
  constructor(private readonly checks: ProposalChecks) {}

  /** A keep rule for the filter's computed part, or none when it has none. */
  keeper(setStatus: ChangeSetStatus, filter: OperationFilter | undefined): KeepComputed | undefined {
    const computed = filter && computedFilter(filter);
    if (!computed) return undefined;
    return async (rows: OperationEntity[]) => {
      const stale =
        computed.stale === undefined ? new Set<string>() : new Set((await this.checks.findStale(setStatus, rows)).map((finding) => finding.operationId));
      const invalid = computed.invalid === undefined ? new Set<string>() : await this.checks.findInvalid(rows);
      return new Set(rows.filter((row) => keepsComputed(computed, row.id, stale, invalid)).map((row) => row.id));
    };
  }
}
