import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type SyncCompletenessRulesRequest, type SyncCompletenessRulesResult } from '@sigma/contracts';
import { isDeepStrictEqual } from 'node:util';
import { lockRecordWrites } from '../workspace/workspace-locks';
import { CompletenessRescorer } from './completeness-rescorer';
import { queueRescore, readRules, type StoredRule, writeRule } from './completeness-store';

/**
 * The completeness rules the workflow service pushes. A changed rule is stored and its schema's
 * records queued for re-scoring in one transaction that first waits for the record writes in
 * flight (and holds new ones until it commits): every write either scored with the old rule and
 * is re-scored, or scores with the new one.
 */
@Injectable()
export class CompletenessRulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rescorer: CompletenessRescorer,
  ) {}

  async sync(request: SyncCompletenessRulesRequest): Promise<SyncCompletenessRulesResult> {
    const rule: StoredRule = {
      schemaId: request.schemaId,
      workflowId: request.workflowId,
      states: request.states.map((state) => ({ id: state.id, requiredAttributes: [...state.requiredAttributes] })),
      updatedAt: new Date(request.workflowUpdatedAt),
    };
    if (Number.isNaN(rule.updatedAt.getTime()))
      throw DomainError.validation([{ field: 'workflowUpdatedAt', rule: 'format', message: 'must be an ISO 8601 instant' }]);
    // Same states, or a push of an older version of the workflow: nothing to do.
    const unchanged = (stored: StoredRule | undefined) =>
      stored !== undefined &&
      (stored.updatedAt > rule.updatedAt || (stored.workflowId === rule.workflowId && isDeepStrictEqual(stored.states, rule.states)));
    if (unchanged((await readRules(this.dataSource.manager, [rule.schemaId])).get(rule.schemaId))) return { rescoring: false };
    const rescoring = await this.dataSource.transaction(async (manager) => {
      if (!(await manager.query('SELECT 1 FROM record_schema WHERE id = $1', [rule.schemaId])).length)
        throw DomainError.validation([{ field: 'schemaId', rule: 'exists', message: `schema '${rule.schemaId}' does not exist` }]);
      await lockRecordWrites(manager);
      if (unchanged((await readRules(manager, [rule.schemaId])).get(rule.schemaId))) return false;
      await writeRule(manager, rule);
      await queueRescore(manager, [rule.schemaId]);
      return true;
    });
    if (rescoring) this.rescorer.kick();
    return { rescoring };
  }

  /** The states of every rule (one schema's, when given): what a completeness filter may name. */
  async stateIds(schemaId?: string): Promise<Set<string>> {
    const rows = (await this.dataSource.manager.query(
      `SELECT DISTINCT s->>'id' AS id FROM completeness_rule, jsonb_array_elements(states) s WHERE $1::text IS NULL OR schema_id = $1`,
      [schemaId ?? null],
    )) as { id: string }[];
    return new Set(rows.map((row) => row.id));
  }
}
