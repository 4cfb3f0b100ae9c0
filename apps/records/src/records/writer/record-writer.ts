import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, ErrorCodes, generateId, IdPrefixes, RecordEvents, type RpcContext } from '@sigma/contracts';
import { appendToOutbox } from '@sigma/db';
import { asRejectedInput } from '@sigma/messaging';
import { CompletenessScorer } from '../../completeness/completeness-scorer';
import type { RecordEntity } from '../../database/entities';
import { RECORDS_SETTINGS, type RecordsSettings } from '../../records.settings';
import { compact } from '../../values/compact-values';
import { diffValues } from '../../values/diff-values';
import { type ValueContext, validateValuesMap } from '../../values/scoped-values';
import { WorkspaceReader } from '../../workspace/workspace-reader';
import { readRecordTotal } from '../record-list-queries';
import { toRecordDto } from '../record.mapper';
import { replaceUniqueValues } from '../unique-values';
import { recordEvent } from './record-events';
import type { Committed, MutationOutcome, RecordEventEnvelope, RecordMutation } from './record-mutations';
import { deleteRecords, insertRecord, lockRecords, lockTree, shareLockParent, updateRecords } from './record-rows';
import { actorId, checkVersion, nextVersion } from './versioning';

type Of<K extends RecordMutation['kind']> = Extract<RecordMutation, { kind: K }>;

/**
 * The one write path of records. For each mutation it locks the row, checks the version guard,
 * moves version/updatedAt/updatedBy, persists, and appends the outbox events in the caller's
 * transaction, then returns the committed rows with their events. Row updates and events of a
 * batch are written once at the end (one UPDATE, one outbox insert); inserts, deletes and unique
 * values go to the database as they come. Records whose values it wrote are scored for completeness
 * in every state of their workflow in the same transaction (read-your-writes for the completeness
 * search, no second pass that could lag or be lost).
 */
@Injectable()
export class RecordWriter {
  constructor(
    private readonly workspace: WorkspaceReader,
    private readonly scorer: CompletenessScorer,
    @Inject(RECORDS_SETTINGS) private readonly settings: RecordsSettings,
  ) {}

  /** One mutation; a failure throws, and the caller's transaction decides what becomes of it. */
  async write(manager: EntityManager, mutation: RecordMutation, context: RpcContext): Promise<Committed> {
    const [committed] = await this.writeAll(manager, [mutation], context);
    return committed;
  }

  /** Several mutations, all or nothing: the first failure throws. */
  async writeAll(manager: EntityManager, mutations: readonly RecordMutation[], context: RpcContext): Promise<Committed[]> {
    const batch = await this.open(manager, mutations, false);
    const committed: Committed[] = [];
    for (const mutation of mutations) committed.push(await batch.execute(mutation, context));
    await batch.finish();
    return committed;
  }

  /**
   * Each item all or nothing, independently (change-set operations): a failed item writes nothing
   * (a savepoint guards its statements) and is returned, not thrown. Only infrastructure failures throw.
   */
  async writeEach(manager: EntityManager, items: readonly { mutation: RecordMutation; context: RpcContext }[]): Promise<MutationOutcome[]> {
    this.workspace.memoize(manager);
    const batch = await this.open(
      manager,
      items.map((item) => item.mutation),
      true,
    );
    const outcomes: MutationOutcome[] = [];
    for (const { mutation, context } of items) {
      try {
        outcomes.push({ ok: true, committed: await batch.execute(mutation, context) });
      } catch (error) {
        const failure = error instanceof DomainError ? error : asRejectedInput(error);
        if (!failure || failure.code === ErrorCodes.internal) throw error;
        outcomes.push({ ok: false, error: failure });
      }
    }
    await batch.finish();
    return outcomes;
  }

  private async open(manager: EntityManager, mutations: readonly RecordMutation[], savepoints: boolean): Promise<WriteBatch> {
    const existing = mutations.flatMap((mutation) => (mutation.kind === 'create' ? [] : [mutation.id]));
    const locked = await lockRecords(manager, existing);
    return new WriteBatch(manager, this.workspace, this.scorer, this.settings, new Map(locked.map((row) => [row.id, row])), savepoints);
  }
}

/** The working state of one call: the locked rows as they will be committed, and the events so far. */
class WriteBatch {
  private readonly dirty = new Set<string>();
  /** Records whose values were written, with the context they were validated against: scored at the end. */
  private readonly valuesWritten = new Map<string, ValueContext>();
  private readonly events: RecordEventEnvelope[] = [];
  private readonly now = new Date();

  constructor(
    private readonly manager: EntityManager,
    private readonly workspace: WorkspaceReader,
    private readonly scorer: CompletenessScorer,
    private readonly settings: RecordsSettings,
    private readonly rows: Map<string, RecordEntity>,
    private readonly savepoints: boolean,
  ) {}

  async execute(mutation: RecordMutation, context: RpcContext): Promise<Committed> {
    switch (mutation.kind) {
      case 'create':
        return this.create(mutation, context);
      case 'set-values':
        return this.setValues(mutation, context);
      case 'delete':
        return this.delete(mutation, context);
      case 'move-state':
        return this.moveState(mutation, context);
      case 'categories':
        return this.categories(mutation, context);
    }
  }

  /** Persists the batch's row updates and appends its events, in the order they were made. */
  async finish(): Promise<void> {
    await updateRecords(this.manager, [...this.dirty].map((id) => this.rows.get(id) as RecordEntity));
    await this.scorer.store(
      this.manager,
      [...this.valuesWritten].flatMap(([id, context]) => {
        const record = this.rows.get(id);
        return record ? [{ record, context }] : [];
      }),
    );
    await appendToOutbox(this.manager, this.events);
  }

  private async create(mutation: Of<'create'>, context: RpcContext): Promise<Committed> {
    const found = await this.workspace.writeContext(mutation.schemaId, this.manager);
    if (!found) throw DomainError.validation([{ field: 'schemaId', rule: 'exists', message: `schema '${mutation.schemaId}' does not exist` }]);
    const { issues, values } = validateValuesMap(found.context, mutation.values);
    if (issues.length) throw DomainError.validation(issues);
    const compacted = compact(values);
    const record: RecordEntity = {
      id: mutation.id ?? generateId(IdPrefixes.record, 8),
      schemaId: found.schema.id,
      lifecycleStateId: found.schema.initialLifecycleStateId,
      parentId: mutation.parentId ?? null,
      version: 1,
      values: compacted,
      createdAt: this.now,
      updatedAt: this.now,
      createdBy: actorId(context),
      updatedBy: actorId(context),
    };
    await this.guarded(async () => {
      await this.enforceSkuLimit();
      if (mutation.parentId) await this.requireParent(mutation.parentId, found.schema.id);
      await insertRecord(this.manager, record);
      await replaceUniqueValues(this.manager, record.id, found.context.attributes, compacted, Object.keys(compacted));
    });
    const changes = diffValues({}, compacted, Object.keys(compacted));
    const event = recordEvent(RecordEvents.created, record, { schemaId: record.schemaId, changes, record: toRecordDto(record) }, context, this.now);
    this.valuesWritten.set(record.id, found.context);
    return this.commit(record, [event], false);
  }

  private async setValues(mutation: Of<'set-values'>, context: RpcContext): Promise<Committed> {
    const current = this.locked(mutation.id);
    checkVersion(current, mutation);
    const found = await this.workspace.writeContext(current.schemaId, this.manager);
    if (!found) throw new DomainError(ErrorCodes.internal, `Schema ${current.schemaId} of record ${current.id} is missing`);
    const { issues, values } = mutation.build(found.context, current);
    if (issues.length) throw DomainError.validation(issues);
    const touched = Object.keys(values);
    const merged = compact({ ...current.values, ...values });
    const changes = diffValues(current.values, merged, touched);
    if (changes.length === 0) return { record: current, events: [] };
    const record = { ...nextVersion(current, context, this.now), values: merged };
    if (touched.some((alias) => found.context.attributes.get(alias)?.rules.unique)) {
      await this.guarded(() => replaceUniqueValues(this.manager, record.id, found.context.attributes, merged, touched));
    }
    this.valuesWritten.set(record.id, found.context);
    return this.commit(record, [recordEvent(RecordEvents.updated, record, { schemaId: record.schemaId, changes }, context, this.now)], true);
  }

  private async moveState(mutation: Of<'move-state'>, context: RpcContext): Promise<Committed> {
    const current = this.locked(mutation.id);
    checkVersion(current, mutation);
    if (current.lifecycleStateId !== mutation.fromStateId) {
      throw DomainError.conflict(`The record is in '${current.lifecycleStateId}', not '${mutation.fromStateId}'`, {
        currentStateId: current.lifecycleStateId,
        fromStateId: mutation.fromStateId,
      });
    }
    const record = { ...nextVersion(current, context, this.now), lifecycleStateId: mutation.toStateId };
    const changes = [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: mutation.fromStateId, newValue: mutation.toStateId }];
    const payload = { schemaId: record.schemaId, changes, transitionId: mutation.transitionId, fromStateId: mutation.fromStateId, toStateId: mutation.toStateId };
    return this.commit(record, [recordEvent(RecordEvents.transitioned, record, payload, context, this.now)], true);
  }

  private categories(mutation: Of<'categories'>, context: RpcContext): Committed {
    const record = nextVersion(this.locked(mutation.id), context, this.now);
    return this.commit(record, [recordEvent(RecordEvents.updated, record, { schemaId: record.schemaId, changes: [mutation.change] }, context, this.now)], true);
  }

  /** Deletes the record and its variants (all levels), one event each. */
  private async delete(mutation: Of<'delete'>, context: RpcContext): Promise<Committed> {
    const root = this.locked(mutation.id);
    checkVersion(root, mutation);
    // The root is locked first: variant creates hold a share lock on it, so the tree read is complete.
    const tree = (await lockTree(this.manager, root.id)).map((row) => this.rows.get(row.id) ?? row);
    const gone = tree.map((row) => nextVersion(row, context, this.now));
    const events = gone.map((row) =>
      recordEvent(RecordEvents.deleted, row, { schemaId: row.schemaId, changes: diffValues(row.values, {}, Object.keys(row.values)) }, context, this.now),
    );
    const ids = gone.map((row) => row.id);
    await this.guarded(() => deleteRecords(this.manager, ids));
    for (const id of ids) {
      this.rows.delete(id);
      this.dirty.delete(id);
      this.valuesWritten.delete(id);
    }
    this.events.push(...events);
    return { record: gone.find((row) => row.id === root.id) as RecordEntity, events, deleted: ids };
  }

  private commit(record: RecordEntity, events: RecordEventEnvelope[], update: boolean): Committed {
    this.rows.set(record.id, record);
    if (update) this.dirty.add(record.id);
    this.events.push(...events);
    return { record, events };
  }

  private locked(id: string): RecordEntity {
    const record = this.rows.get(id);
    if (!record) throw DomainError.notFound('Record', id);
    return record;
  }

  /** Statements of one item of a `writeEach` batch run under a savepoint, so a failure leaves no trace. */
  private async guarded(work: () => Promise<void>): Promise<void> {
    if (!this.savepoints) return work();
    await this.manager.query('SAVEPOINT record_write');
    try {
      await work();
      await this.manager.query('RELEASE SAVEPOINT record_write');
    } catch (error) {
      await this.manager.query('ROLLBACK TO SAVEPOINT record_write');
      throw error;
    }
  }

  private async requireParent(parentId: string, schemaId: string): Promise<void> {
    const parent = await shareLockParent(this.manager, parentId);
    if (!parent) throw DomainError.validation([{ field: 'parentId', rule: 'exists', message: `record '${parentId}' does not exist` }]);
    if (parent.schemaId !== schemaId)
      throw DomainError.validation([{ field: 'parentId', rule: 'same-schema', message: `parent '${parentId}' belongs to schema '${parent.schemaId}'` }]);
  }

  /**
   * The plan's SKU limit; a transaction-scoped lock makes concurrent creates count one at a time.
   * The count is read after the lock (a fresh snapshot in READ COMMITTED), from the counts the
   * triggers commit together with each insert, so it includes every create that held the lock before.
   */
  private async enforceSkuLimit(): Promise<void> {
    const limit = this.settings.skuLimit;
    if (limit === undefined) return;
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('records:sku-limit'))`);
    const count = await readRecordTotal(this.manager, {});
    if (count >= limit) {
      throw new DomainError(ErrorCodes.skuLimitReached, `The workspace holds its limit of ${limit} records (SKUs)`, { limit, count });
    }
  }
}
