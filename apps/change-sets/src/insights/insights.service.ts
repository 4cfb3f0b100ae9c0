import { Injectable } from '@nestjs/common';
import type { ChangeSetInsights, InsightsRequest, SourceType, TimeToDecision } from '@sigma/contracts';
import { ChangeSetStore } from '../change-sets/change-set.store';
import { acceptanceRate, insightsPeriod } from '../domain/insights-period';
import { insightsByAttribute, insightsBySource, insightsBySourceType, type TimingRow } from './insights-queries';

/** Review insights: how often and how fast reviewers accept what each source proposes. */
@Injectable()
export class InsightsService {
  constructor(private readonly store: ChangeSetStore) {}

  async insights(request: InsightsRequest): Promise<ChangeSetInsights> {
    const { from, to } = insightsPeriod(request.from, request.to);
    const manager = this.store.manager;
    const [types, sources, agents, attributes] = await Promise.all([
      insightsBySourceType(manager, from, to),
      insightsBySource(manager, from, to),
      insightsBySource(manager, from, to, 'agent'),
      insightsByAttribute(manager, from, to),
    ]);
    const source = (row: TimingRow & { source_type: string; source_key: string; source_name: string }) => ({
      sourceKey: row.source_key,
      sourceName: row.source_name,
      ...typeInsight(row),
    });
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      bySourceType: types.map(typeInsight),
      bySource: sources.map(source),
      byAgent: agents.map(source),
      byAttribute: attributes.map((row) => ({ attributeAlias: row.attribute_alias, ...acceptance(row) })),
    };
  }
}

const acceptance = (row: { decided: number; approved: number }) => ({
  decidedChanges: row.decided,
  approvedChanges: row.approved,
  acceptanceRate: acceptanceRate(row.approved, row.decided),
});

const seconds = (value: number | string | null): number | null => (value === null ? null : Math.round(Number(value) * 1000) / 1000);

function typeInsight(row: TimingRow & { source_type: string }) {
  const timeToDecision: TimeToDecision = { decidedSets: row.decided_sets, p50Seconds: seconds(row.p50), p95Seconds: seconds(row.p95) };
  return { sourceType: row.source_type as SourceType, sets: row.sets, ...acceptance(row), timeToDecision };
}
