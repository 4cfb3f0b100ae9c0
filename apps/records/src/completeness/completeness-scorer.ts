import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PlanCache, type ScoringContext, scoreStates, statePlans } from '@sigma/completeness';
import type { RecordEntity } from '../database/entities';
import { readRules, type ScoredRecord, writeScores } from './completeness-store';

/** A record as written, with the schema context its values were validated against. */
export interface WrittenRecord {
  record: Pick<RecordEntity, 'id' | 'schemaId' | 'version' | 'values'>;
  context: ScoringContext;
}

/**
 * Scores records against every state of their schema's completeness rule and stores the scores.
 * The record writer calls it in the write's transaction, so a search right after a write already
 * sees the record's new completeness. Plans are compiled once per rule, schema and dimensions (the
 * cache key covers all three, so a changed one is never served stale).
 */
@Injectable()
export class CompletenessScorer {
  private readonly plans = new PlanCache();

  /** Records of schemas without a rule (no workflow yet) get no scores. */
  async store(manager: EntityManager, written: readonly WrittenRecord[]): Promise<ScoredRecord[]> {
    if (written.length === 0) return [];
    const rules = await readRules(
      manager,
      written.map(({ record }) => record.schemaId),
    );
    const scored: ScoredRecord[] = [];
    for (const { record, context } of written) {
      const rule = rules.get(record.schemaId);
      if (!rule) continue;
      const plans = statePlans(this.plans, rule.states, context);
      scored.push({ recordId: record.id, version: record.version, scores: scoreStates(plans, record.values) });
    }
    await writeScores(manager, scored);
    return scored;
  }
}
