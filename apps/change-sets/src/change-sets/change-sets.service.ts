import { Injectable } from '@nestjs/common';
import {
  APPEND_CHUNK_LINES,
  type AppendLineResult,
  type AppendOperationsRequest,
  type ChangeSetDto,
  type ChangeSetListQuery,
  type ChangeSetStats,
  type CreateChangeSetRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  MAX_OPERATIONS_PER_CHANGE_SET,
  type OperationInput,
  type OperationPage,
  type OperationPageRequest,
  type PendingChangeDto,
  READ_ANSWER_MAX_OPERATIONS,
  type RecordSummary,
  Roles,
  type RpcContext,
} from '@sigma/contracts';
import { idempotencyFor, type IdempotentOutcome, idempotentWrite } from '@sigma/db';
import { RpcClient } from '@sigma/messaging';
import type { EntityManager } from 'typeorm';
import { ChangeSetEntity, OperationEntity } from '../database/entities';
import { allowChangeSetAction, ChangeSetStatusGroups, INITIAL_CHANGE_SET_STATUS } from '../domain/change-set-status';
import { OPEN_OPERATION_STATUSES } from '../domain/operation-status';
import { requireMayAct } from '../domain/ownership';
import { markStale } from '../domain/staleness';
import { ProposalChecks } from '../review/proposal-checks';
import { listItems, readOperationPage } from './bounded-pages';
import { toOperationDto } from './change-set.mapper';
import { ChangeSetStore } from './change-set.store';
import { OperationMatcher } from './operation-matcher';
import { summarizeRecords } from './record-summaries';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * `source` is descriptive (what proposed the changes); who created the set is `createdBy`, from the
 * token. One rule keeps it honest, as for message authorType: an agent's token cannot present its
 * set as a person's (source.type 'user'); agent, integration and import are machine sources it may run as.
 */
function checkSourceType(type: string, context: RpcContext): void {
  if (context.actor?.roles.includes(Roles.agent) && type === 'user') {
    throw DomainError.validation([{ field: 'source.type', rule: 'matches-token', message: "source.type cannot be 'user' for your role" }]);
  }
}

/** Creating, filling, reading and deleting change sets. */
@Injectable()
export class ChangeSetsService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly rpc: RpcClient,
    private readonly checks: ProposalChecks,
    private readonly matcher: OperationMatcher,
  ) {}

  /** With an Idempotency-Key, the key is claimed and answered in the creating transaction. */
  async create(request: CreateChangeSetRequest, context: RpcContext): Promise<IdempotentOutcome<ChangeSetDto>> {
    checkOperationCount(request.operations.length);
    checkSourceType(request.source.type, context);
    const summaries = await this.summaries(request.operations);
    const id = generateId(IdPrefixes.changeSet, 10);
    const now = new Date();
    return this.store.transaction((manager) => idempotentWrite(manager, idempotencyFor(context, 'change-sets.change-set.create'), async () => {
      await manager.insert(ChangeSetEntity, {
        id,
        title: request.title,
        description: request.description ?? null,
        source: request.source,
        sourceType: request.source.type,
        sourceKey: request.source.id ?? `${request.source.type}:${request.source.name}`,
        status: INITIAL_CHANGE_SET_STATUS,
        createdBy: context.actor?.userId ?? 'system',
        createdAt: now,
        updatedAt: now,
        revisionCount: 0,
        revision: 0,
        schemaIds: [],
      });
      await this.store.insertOperations(manager, id, request.operations, 0, summaries);
      return this.store.dto(manager, id);
    }));
  }

  /** PUT adds operations: to a draft, or to a set whose revision was requested. */
  async addOperations(id: string, operations: OperationInput[], context: RpcContext): Promise<ChangeSetDto> {
    const summaries = await this.summaries(operations);
    return this.store.transaction(async (manager) => {
      const { next, count } = await this.openForAppend(manager, id, context);
      checkOperationCount(count + operations.length);
      await this.store.insertOperations(manager, id, operations, next, summaries);
      return this.store.reviewAnswer(manager, id);
    });
  }

  /**
   * NDJSON appends, one chunk of lines per request: added in line order while the set has room,
   * each later line failed (maxSize) once it is full. One transaction per chunk.
   */
  async appendOperations(request: AppendOperationsRequest, context: RpcContext): Promise<AppendLineResult[]> {
    if (request.lines.length > APPEND_CHUNK_LINES) {
      throw DomainError.validation([{ field: 'lines', rule: 'maxSize', message: `at most ${APPEND_CHUNK_LINES} lines per request` }]);
    }
    const inputs = request.lines.map(({ line: _line, ...input }) => input);
    const summaries = await this.summaries(inputs);
    return this.store.transaction(async (manager) => {
      const { next, count } = await this.openForAppend(manager, request.id, context);
      const room = Math.max(0, MAX_OPERATIONS_PER_CHANGE_SET - count);
      const ids = await this.store.insertOperations(manager, request.id, inputs.slice(0, room), next, summaries);
      return request.lines.map(({ line }, index): AppendLineResult =>
        index < ids.length
          ? { line, status: 'added', operationId: ids[index] }
          : { line, status: 'failed', error: { code: ErrorCodes.validationFailed, message: `A change set holds at most ${MAX_OPERATIONS_PER_CHANGE_SET} operations`, details: [MAX_SIZE_ISSUE] } },
      );
    });
  }

  /** Imports append batch after batch: all of a batch or none (a full set refuses it), without reading the set back. */
  async appendBatch(id: string, operations: OperationInput[], context: RpcContext): Promise<void> {
    const summaries = await this.summaries(operations);
    await this.store.transaction(async (manager) => {
      const { next, count } = await this.openForAppend(manager, id, context);
      checkOperationCount(count + operations.length);
      await this.store.insertOperations(manager, id, operations, next, summaries);
    });
  }

  /** Locks the set for an append by its creator in a status that takes operations; where the next operations go. */
  private async openForAppend(manager: EntityManager, id: string, context: RpcContext): Promise<{ next: number; count: number }> {
    const set = await this.store.lockSet(manager, id);
    requireMayAct(set, context, 'propose');
    allowChangeSetAction('addOperations', set.status);
    return this.store.nextPositionOf(manager, id);
  }

  async delete(id: string, context: RpcContext): Promise<{ deleted: true }> {
    return this.store.transaction(async (manager) => {
      const { set } = await this.store.load(manager, id, true);
      requireMayAct(set, context, 'propose');
      allowChangeSetAction('delete', set.status);
      await manager.delete(ChangeSetEntity, { id });
      return { deleted: true };
    });
  }

  /**
   * The set as a reviewer sees it, stale changes flagged against the records as they are now, while
   * it is small enough to read at once; else its summary (its operations are read by page).
   */
  async get(id: string): Promise<ChangeSetDto> {
    const set = await this.store.reviewAnswer(this.store.manager, id, READ_ANSWER_MAX_OPERATIONS);
    if (set.operationsOmitted) return set;
    const findings = await this.checks.findStale(set.status, set.operations);
    return { ...set, operations: markStale(set.operations, findings) };
  }

  /** Newest first; each set embeds only its first operations (see listItems). */
  async list(query: ChangeSetListQuery): Promise<{ items: ChangeSetDto[]; total: number }> {
    const builder = this.store.manager.createQueryBuilder(ChangeSetEntity, 'cs');
    if (query.status) builder.andWhere('cs.status = :status', { status: query.status });
    if (query.sourceType) builder.andWhere('cs.source_type = :sourceType', { sourceType: query.sourceType });
    if (query.schemaId) builder.andWhere(':schemaId = ANY(cs.schema_ids)', { schemaId: query.schemaId });
    const [sets, total] = await builder
      .orderBy('cs.created_at', 'DESC')
      .addOrderBy('cs.id', 'DESC')
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    return { items: await listItems(this.store.manager, sets, await this.store.applyProgress(sets.map((set) => set.id))), total };
  }

  /**
   * A set's operations page by page (keyset on their position), filtered, bounded in items and
   * bytes; stale changes flagged.
   */
  async operations(request: OperationPageRequest): Promise<OperationPage> {
    const set = await this.store.manager.findOne(ChangeSetEntity, { where: { id: request.id }, select: { id: true, status: true } });
    if (!set) throw DomainError.notFound('Change set', request.id);
    const page = await readOperationPage(this.store.manager, request, this.matcher.keeper(set.status, request.filter));
    return { ...page, items: markStale(page.items, await this.checks.findStale(set.status, page.items)) };
  }

  async stats(now = new Date()): Promise<ChangeSetStats> {
    const [row] = (await this.store.manager.query(
      `SELECT
         count(*) FILTER (WHERE status = ANY($2))::int AS pending,
         count(*) FILTER (WHERE approved_at >= $1)::int AS approved_this_week,
         count(*) FILTER (WHERE status = ANY($3))::int AS total_applied,
         count(DISTINCT source_key) FILTER (WHERE status <> ALL($4))::int AS active_sources
       FROM change_set`,
      [new Date(now.getTime() - WEEK_MS), ChangeSetStatusGroups.inReview, ChangeSetStatusGroups.applied, ChangeSetStatusGroups.closed],
    )) as { pending: number; approved_this_week: number; total_applied: number; active_sources: number }[];
    return {
      pending: row.pending,
      approvedThisWeek: row.approved_this_week,
      totalApplied: row.total_applied,
      activeSourceCount: row.active_sources,
    };
  }

  /**
   * Operations that may still change this record: pending or approved ones (not rejected, applied
   * or failed) of sets not yet applied or rejected (in review, revision requested, approved).
   */
  async pendingChanges(entityId: string): Promise<PendingChangeDto[]> {
    const rows = await this.store.manager
      .createQueryBuilder(OperationEntity, 'o')
      .innerJoinAndMapOne('o.set', ChangeSetEntity, 'cs', 'cs.id = o.change_set_id')
      .where('o.entity_id = :entityId', { entityId })
      .andWhere('o.status IN (:...operationStatuses)', { operationStatuses: OPEN_OPERATION_STATUSES })
      .andWhere('cs.status IN (:...setStatuses)', { setStatuses: ChangeSetStatusGroups.open })
      .orderBy('cs.created_at', 'DESC')
      .addOrderBy('o.position', 'ASC')
      .getMany();
    if (rows.length === 0) await this.requireRecord(entityId);
    return (rows as (OperationEntity & { set: ChangeSetEntity })[]).map((operation) => {
      const dto = toOperationDto(operation);
      return {
        changeSetId: operation.set.id,
        changeSetTitle: operation.set.title,
        source: { type: operation.set.source.type, name: operation.set.source.name },
        operation: { id: dto.id, type: dto.type, status: dto.status, changes: dto.changes },
      };
    });
  }

  /** Like every /records/:id read, an unknown record is a 404 rather than an empty list. */
  private async requireRecord(entityId: string): Promise<void> {
    const [found] = await this.rpc.request('records.record.summarize', { ids: [entityId] });
    if (!found) throw DomainError.notFound('Record', entityId);
  }

  private summaries(operations: OperationInput[]): Promise<Map<string, RecordSummary>> {
    return summarizeRecords(this.rpc, operations.map((operation) => operation.entityId));
  }
}

const MAX_SIZE_ISSUE = { field: 'operations', rule: 'maxSize', message: `at most ${MAX_OPERATIONS_PER_CHANGE_SET} operations per change set` };

function checkOperationCount(count: number): void {
  if (count > MAX_OPERATIONS_PER_CHANGE_SET) {
    throw new DomainError(ErrorCodes.validationFailed, `A change set holds at most ${MAX_OPERATIONS_PER_CHANGE_SET} operations`, [MAX_SIZE_ISSUE]);
  }
}
