import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChangeSetStatus, DecideOperationsRequest, DecideOperationsResult, OperationFilter } from '@sigma/contracts';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { OperationMatcher } from '../change-sets/operation-matcher';
import { OperationEntity } from '../database/entities';
import { takenDecision } from '../domain/change-decisions';
import { allowChangeSetAction, nextChangeSetStatus } from '../domain/change-set-status';
import { namedParams, operationFilterSql, positionalParams } from '../domain/operation-filter';
import { OPERATION_TRANSITIONS } from '../domain/operation-status';
import { presentStatuses } from '../domain/review-answer';
import { staleChangeError } from '../domain/staleness';
import { decideUndecidedChangesSql } from './change-decision-sql';
import { ProposalChecks } from './proposal-checks';

/**
 * Bulk decisions: every pending operation matching a filter approved or rejected by one set-based
 * UPDATE, its undecided changes with it; the set's status follows the transition table.
 */
@Injectable()
export class BulkDecisionsService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly checks: ProposalChecks,
    private readonly matcher: OperationMatcher,
  ) {}

  async decide(request: DecideOperationsRequest): Promise<DecideOperationsResult> {
    const set = await this.store.lockSet(this.store.manager, request.id, false);
    allowChangeSetAction('decideOperations', set.status);
    // A computed part (stale, invalid) is asked of records before the transaction, over the bus.
    const only = await this.computedMatches(set.status, request.id, request.filter);
    if (request.decision === 'approve' && !request.allowStale) await this.refuseStale(set.status, request, only);
    return this.store.transaction(async (manager) => {
      const locked = await this.store.lockSet(manager, request.id);
      allowChangeSetAction('decideOperations', locked.status);
      const { from, to } = OPERATION_TRANSITIONS[request.decision];
      const { params, bind } = positionalParams([request.id, to, request.reviewNote ?? null, from, takenDecision(request.decision)]);
      const where = `${operationFilterSql(request.filter, 'o', bind)}${only ? ` AND o.id = ANY(${bind(only)}::text[])` : ''}`;
      const [row] = (await manager.query(
        `WITH matched AS (SELECT o.id, o.status FROM operation o WHERE o.change_set_id = $1 AND ${where}),
              decided AS (UPDATE operation SET status = $2, review_note = coalesce($3, review_note), changes = ${decideUndecidedChangesSql('$5')}
                          FROM matched WHERE operation.id = matched.id AND matched.status = ANY($4) RETURNING operation.id)
         SELECT (SELECT count(*) FROM matched)::int AS matched, (SELECT count(*) FROM decided)::int AS decided`,
        params,
      )) as { matched: number; decided: number }[];
      const counts = await this.store.statusCounts(manager, request.id);
      const status = nextChangeSetStatus('decideOperations', locked.status, { operationStatuses: presentStatuses(counts) });
      await this.store.setStatus(manager, locked, status);
      return {
        approved: request.decision === 'approve' ? row.decided : 0,
        rejected: request.decision === 'reject' ? row.decided : 0,
        unchanged: row.matched - row.decided,
        status,
        operationSummary: counts,
      };
    });
  }

  /** The ids a computed filter part keeps among the operations matching the SQL part; undefined without one. */
  private async computedMatches(setStatus: ChangeSetStatus, id: string, filter: OperationFilter): Promise<string[] | undefined> {
    const keep = this.matcher.keeper(setStatus, filter);
    if (!keep) return undefined;
    return [...(await keep(await this.matching(this.store.manager, id, filter)))];
  }

  /** Approving stale changes needs allowStale: the pending updates to decide are checked against the records. */
  private async refuseStale(setStatus: ChangeSetStatus, request: DecideOperationsRequest, only: string[] | undefined): Promise<void> {
    const candidates = await this.matching(this.store.manager, request.id, request.filter, { pendingUpdates: true, only });
    const findings = await this.checks.findStale(setStatus, candidates);
    if (findings.length > 0) throw staleChangeError(findings.map((finding) => ({ ...finding, operationIndex: positionOf(candidates, finding.operationId) })));
  }

  /** The set's operations matching the filter's SQL part; with `pendingUpdates` only those a stale check applies to, with `only` only these ids. */
  private matching(
    manager: EntityManager,
    id: string,
    filter: OperationFilter,
    scope: { pendingUpdates?: boolean; only?: string[] } = {},
  ): Promise<OperationEntity[]> {
    const { params, bind } = namedParams();
    const query = manager
      .createQueryBuilder(OperationEntity, 'o')
      .where('o.change_set_id = :setId', { setId: id })
      .andWhere(operationFilterSql(filter, 'o', bind), params);
    if (scope.pendingUpdates) {
      query.andWhere("o.type = 'update' AND o.status = ANY(:from) AND jsonb_path_exists(o.changes, '$[*].oldValue')", { from: OPERATION_TRANSITIONS.approve.from });
    }
    if (scope.only) query.andWhere('o.id = ANY(:only)', { only: scope.only });
    return query.orderBy('o.position').getMany();
  }
}

/** Where an operation sits in its set (its position; the set's index while none was removed). */
function positionOf(rows: readonly OperationEntity[], operationId: string): number {
  return rows.find((row) => row.id === operationId)?.position ?? 0;
}
