import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type ChangeSetDto,
  type ChangeSetStatus,
  type DecideChangesRequest,
  DomainError,
  ErrorCodes,
  generateId,
  IdPrefixes,
  IssueCollector,
  type RecordSummary,
  type RequestRevisionRequest,
  type RpcContext,
  type SchemaDto,
  TOO_MANY_ISSUES_RULE,
  type ValidationIssue,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { ChangeSetStore, type LoadedChangeSet } from '../change-sets/change-set.store';
import { summarizeRecords } from '../change-sets/record-summaries';
import { AnnotationEntity, ChangeSetEntity, MessageEntity, OperationEntity } from '../database/entities';
import { takenDecision, withDecisions } from '../domain/change-decisions';
import { allowChangeSetAction, nextChangeSetStatus } from '../domain/change-set-status';
import { afterBulk, nextOperationStatus, OPERATION_TRANSITIONS } from '../domain/operation-status';
import { requireMayAct } from '../domain/ownership';
import { feedbackSummary, requireSelf } from '../domain/review-rules';
import { sameProposal } from '../domain/revisions';
import { staleChangeError } from '../domain/staleness';
import { duplicateUniqueValues } from '../domain/unique-in-set';
import { snapshotRevision } from '../revisions/revision-snapshot';
import { decideUndecidedChangesSql, resetChangeDecisions } from './change-decision-sql';
import { ProposalChecks } from './proposal-checks';
import { resolveDecisions } from './resolve-decisions';
import { validateSubmission } from './validate-submission';

/** The review lifecycle: submit, decide (whole set or per operation), request a revision, resubmit. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly store: ChangeSetStore,
    private readonly rpc: RpcClient,
    private readonly checks: ProposalChecks,
  ) {}

  submit(id: string, context: RpcContext): Promise<ChangeSetDto> {
    return this.enterReview(id, 'submit', context);
  }

  /** After a revision request (and the source's edits): back to review with every operation pending again, as the next revision. */
  resubmit(id: string, context: RpcContext): Promise<ChangeSetDto> {
    return this.enterReview(id, 'resubmit', context);
  }

  async approve(id: string, reviewNote?: string, allowStale = false): Promise<ChangeSetDto> {
    if (!allowStale) await this.refuseStale(id, 'approve');
    return this.decideAll(id, 'approve', reviewNote);
  }

  reject(id: string, reviewNote?: string): Promise<ChangeSetDto> {
    return this.decideAll(id, 'reject', reviewNote);
  }

  async decideOperation(id: string, operationId: string, decision: 'approve' | 'reject', reviewNote?: string, allowStale = false): Promise<ChangeSetDto> {
    const action = decision === 'approve' ? 'approveOperation' : 'rejectOperation';
    if (decision === 'approve' && !allowStale) await this.refuseStale(id, 'approveOperation', operationId);
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.loadWithOperation(manager, id, operationId, true);
      allowChangeSetAction(action, loaded.set.status);
      const operation = this.store.requireOperation(loaded, operationId);
      operation.status = nextOperationStatus(decision, operation);
      await manager.update(OperationEntity, { id: operationId }, { status: operation.status, reviewNote: reviewNote ?? null });
      await manager.query(`UPDATE operation SET changes = ${decideUndecidedChangesSql('$2')} WHERE id = $1`, [operationId, takenDecision(decision)]);
      const status = nextChangeSetStatus(action, loaded.set.status, { operationStatuses: await this.store.operationStatuses(manager, id) });
      await this.setStatus(manager, loaded.set, status);
      return this.store.reviewAnswer(manager, id);
    });
  }

  async requestRevision(request: RequestRevisionRequest, context: RpcContext): Promise<ChangeSetDto> {
    requireSelf(request.requestedBy, context, 'requestedBy');
    // The thread shows people by name, as messages posted directly carry one.
    const authorName = request.message ? await this.displayName(request.requestedBy) : undefined;
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, request.id, true);
      const status = nextChangeSetStatus('requestRevision', loaded.set.status);
      const snippets = await manager.count(AnnotationEntity, { where: { changeSetId: request.id } });
      const summary = feedbackSummary(loaded.operations.flatMap((operation) => operation.changes), snippets, request.message);
      await this.setStatus(manager, loaded.set, status, { revisionCount: loaded.set.revisionCount + 1, feedbackSummary: summary });
      const now = new Date();
      if (request.message) {
        // The request belongs in the conversation with the source too.
        await manager.insert(MessageEntity, {
          id: generateId(IdPrefixes.message, 10),
          changeSetId: request.id,
          operationId: null,
          authorId: request.requestedBy,
          authorName: authorName ?? request.requestedBy,
          authorType: 'user',
          body: request.message,
          createdAt: now,
        });
      }
      return this.store.reviewAnswer(manager, request.id);
    });
  }

  /**
   * Decides single changes (attribute × scope) of an operation, also again while the set is in
   * review; the operation follows its changes' decisions and the set follows its operations.
   */
  async decideChanges(request: DecideChangesRequest): Promise<ChangeSetDto> {
    if (!request.allowStale) {
      const snapshot = await this.store.loadWithOperation(this.store.manager, request.id, request.operationId);
      const resolved = resolveDecisions(this.store.requireOperation(snapshot, request.operationId), request.decisions);
      const approving = 'issues' in resolved ? [] : [...resolved.decisions].filter(([, decision]) => decision === 'approved').map(([index]) => index);
      if (approving.length > 0) await this.refuseStale(request.id, 'decideChanges', request.operationId, new Set(approving));
    }
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.loadWithOperation(manager, request.id, request.operationId, true);
      allowChangeSetAction('decideChanges', loaded.set.status);
      const operation = this.store.requireOperation(loaded, request.operationId);
      const resolved = resolveDecisions(operation, request.decisions);
      if ('issues' in resolved) throw DomainError.validation(resolved.issues);
      const changes = withDecisions(operation.changes, resolved.decisions);
      operation.status = nextOperationStatus('decideChanges', { ...operation, changes });
      await manager.query('UPDATE operation SET status = $2, changes = $3::jsonb, review_note = coalesce($4, review_note) WHERE id = $1', [
        operation.id,
        operation.status,
        JSON.stringify(changes),
        request.reviewNote ?? null,
      ]);
      const status = nextChangeSetStatus('decideChanges', loaded.set.status, { operationStatuses: await this.store.operationStatuses(manager, request.id) });
      await this.setStatus(manager, loaded.set, status);
      return this.store.reviewAnswer(manager, request.id);
    });
  }

  /**
   * A reviewer approves a stale change only knowingly: without `allowStale`, approving operations
   * whose oldValue no longer equals the record is a 409 listing those changes. Checked before the
   * decision's transaction (records are asked over the bus); apply still refuses a conflict.
   */
  private async refuseStale(
    id: string,
    action: 'approve' | 'approveOperation' | 'decideChanges',
    operationId?: string,
    /** Per-change decisions: only these changes of the operation are being approved. */
    changeIndexes?: ReadonlySet<number>,
  ): Promise<void> {
    const snapshot = operationId ? await this.store.loadWithOperation(this.store.manager, id, operationId) : await this.store.load(this.store.manager, id);
    allowChangeSetAction(action, snapshot.set.status);
    const operation = operationId ? this.store.requireOperation(snapshot, operationId) : undefined;
    // Only pending operations get decided as a whole; approving a decided one is refused by the decision itself.
    const from: readonly string[] = OPERATION_TRANSITIONS.approve.from;
    const deciding = changeIndexes && operation ? [operation] : (operation ? [operation] : snapshot.operations).filter((candidate) => from.includes(candidate.status));
    const stale = (await this.checks.findStale(snapshot.set.status, deciding)).filter((finding) => !changeIndexes || changeIndexes.has(finding.changeIndex));
    if (stale.length === 0) return;
    // A refusal names each change by its operation's place in the set: counted for the one operation, or read off the loaded set.
    const indexOf = new Map(
      operation ? [[operation.id, await this.store.operationIndex(this.store.manager, operation)]] : snapshot.operations.map((candidate, index) => [candidate.id, index]),
    );
    const findings = stale.map((finding) => ({
      ...finding,
      operationIndex: indexOf.get(finding.operationId) ?? finding.operationIndex,
    }));
    throw staleChangeError(findings);
  }

  /** The user's display name; a user deleted since their token was issued keeps their id. */
  private async displayName(userId: string): Promise<string> {
    try {
      return (await this.rpc.request('records.user.get', { id: userId })).displayName;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.notFound) return userId;
      throw error;
    }
  }

  private async decideAll(id: string, decision: 'approve' | 'reject', reviewNote?: string): Promise<ChangeSetDto> {
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      allowChangeSetAction(decision, loaded.set.status);
      const { from, to } = OPERATION_TRANSITIONS[decision];
      await manager.query(
        `UPDATE operation SET status = $2, review_note = coalesce($3, review_note), changes = ${decideUndecidedChangesSql('$5')}
         WHERE change_set_id = $1 AND status = ANY($4)`,
        [id, to, reviewNote ?? null, from, takenDecision(decision)],
      );
      // Approving all of a set whose operations were all rejected one by one still leaves nothing to apply: rejected.
      const operationStatuses = afterBulk(decision, loaded.operations.map((operation) => operation.status));
      const status =
        decision === 'approve' ? nextChangeSetStatus('approve', loaded.set.status, { operationStatuses }) : nextChangeSetStatus('reject', loaded.set.status);
      await this.setStatus(manager, loaded.set, status, reviewNote !== undefined ? { reviewNote } : {});
      return this.store.reviewAnswer(manager, id);
    });
  }

  private setStatus(manager: EntityManager, set: ChangeSetEntity, status: ChangeSetStatus, fields: Partial<ChangeSetEntity> = {}, now = new Date()): Promise<void> {
    return this.store.setStatus(manager, set, status, fields, now);
  }

  /** Submit and resubmit: the set must (still) be valid against the workspace and the records it names. */
  private async enterReview(id: string, action: 'submit' | 'resubmit', context: RpcContext): Promise<ChangeSetDto> {
    const snapshot = await this.store.load(this.store.manager, id);
    requireMayAct(snapshot.set, context, 'propose');
    allowChangeSetAction(action, snapshot.set.status);
    const records = await this.checkSubmission(snapshot);
    return this.store.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      const status = nextChangeSetStatus(action, loaded.set.status);
      if (!sameProposal(snapshot.operations, loaded.operations)) {
        throw DomainError.conflict(`Change set '${id}' was edited while it was being checked; ${action} it again`, { changeSetId: id });
      }
      const names = loaded.operations
        .map((operation) => ({ id: operation.id, summary: operation.entityId ? records.get(operation.entityId) : undefined }))
        .filter((entry) => entry.summary)
        .map(({ id: operationId, summary }) => ({ id: operationId, name: summary?.name ?? null, sku: summary?.sku ?? null }));
      const { from, to } = OPERATION_TRANSITIONS.reopen;
      await manager.query(`UPDATE operation SET status = $2 WHERE change_set_id = $1 AND status = ANY($3)`, [id, to, from]);
      await resetChangeDecisions(manager, id);
      await manager.query(
        `UPDATE operation o SET entity_name = coalesce(x.name, o.entity_name), entity_sku = coalesce(x.sku, o.entity_sku)
         FROM jsonb_to_recordset($2::jsonb) AS x(id text, name text, sku text) WHERE o.change_set_id = $1 AND o.id = x.id`,
        [id, JSON.stringify(names)],
      );
      // Each submission is the next numbered revision, stored as it went to review.
      const now = new Date();
      const revision = loaded.set.revision + 1;
      await this.setStatus(manager, loaded.set, status, { revision }, now);
      await snapshotRevision(manager, { changeSetId: id, revision, submittedAt: now, submittedBy: context.actor?.userId ?? loaded.set.createdBy });
      return this.store.reviewAnswer(manager, id);
    });
  }

  private async checkSubmission(loaded: LoadedChangeSet): Promise<Map<string, RecordSummary>> {
    const schemaIds = [...new Set(loaded.operations.map((operation) => operation.schemaId))];
    const [schemas, records] = await Promise.all([
      Promise.all(schemaIds.map((schemaId) => this.rpc.request('records.schema.get', { id: schemaId }).catch(notFoundAsUndefined))),
      summarizeRecords(this.rpc, loaded.operations.map((operation) => operation.entityId)),
    ]);
    const schemaMap = new Map(schemas.filter((schema): schema is SchemaDto => !!schema).map((schema) => [schema.id, schema]));
    const issues = new IssueCollector('operations');
    issues.addAll(validateSubmission(loaded.operations, { schemas: schemaMap, records }));
    issues.addAll(duplicateUniqueValues(loaded.operations, schemaMap));
    await this.checks.validateValues(loaded.operations, issues);
    const listed = inSetOrder(issues.list());
    if (listed.length) {
      throw new DomainError(ErrorCodes.gateFailed, `The change set cannot go to review: ${listed.map((i) => `${i.field}: ${i.message}`).join('; ')}`, listed);
    }
    return records;
  }
}

/** Issues by the place of their field in the set (operations[2] before operations[10]); the too-many summary stays last. */
function inSetOrder(issues: ValidationIssue[]): ValidationIssue[] {
  const listed = issues.filter((issue) => issue.rule !== TOO_MANY_ISSUES_RULE).sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
  return [...listed, ...issues.filter((issue) => issue.rule === TOO_MANY_ISSUES_RULE)];
}

function notFoundAsUndefined(error: unknown): undefined {
  if (error instanceof DomainError && error.code === ErrorCodes.notFound) return undefined;
  throw error;
}
