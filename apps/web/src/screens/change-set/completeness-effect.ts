import type { CompletenessPreviewPage, CompletenessScore, OperationCompletenessPreview, WorkflowDto } from '../../api';

/** Lifecycle state names by id (the id itself for a state no loaded workflow names). */
export function stateNamesFrom(workflows: readonly WorkflowDto[] = []): (id: string) => string {
  const names = new Map(workflows.flatMap((workflow) => workflow.states.map((state) => [state.id, state.name] as const)));
  return (id) => names.get(id) ?? id;
}

export const formatScore = (score: CompletenessScore) => `${score.percentage}% (${score.filled}/${score.total})`;

export type Trend = 'up' | 'down' | 'same';
export const trendOf = (before: CompletenessScore, after: CompletenessScore): Trend =>
  after.percentage > before.percentage ? 'up' : after.percentage < before.percentage ? 'down' : 'same';

/** One line per state an operation's effect is shown for: the record's state, then the states it may move to. */
export interface EffectLine {
  state: string;
  before: CompletenessScore;
  after: CompletenessScore;
  trend: Trend;
  /** Present for the next states: the transition that leads there. */
  transitionId?: string;
}

export function effectLines(item: OperationCompletenessPreview, stateName: (id: string) => string): EffectLine[] {
  if (!item.preview) return [];
  const { state, next } = item.preview;
  return [
    { state: stateName(state.lifecycleStateId), before: state.before, after: state.after, trend: trendOf(state.before, state.after) },
    ...next.map((entry) => ({
      state: stateName(entry.lifecycleStateId),
      before: entry.before,
      after: entry.after,
      trend: trendOf(entry.before, entry.after),
      transitionId: entry.transitionId,
    })),
  ];
}

/** The page's previews by operation id. */
export const previewsByOperation = (page: CompletenessPreviewPage | undefined) =>
  new Map((page?.items ?? []).map((item) => [item.operationId, item] as const));

/** "Review: 1 record" per state the previewed operations would make complete, largest first. */
export function recordsBecomingComplete(page: CompletenessPreviewPage, stateName: (id: string) => string): { state: string; records: number }[] {
  return Object.entries(page.summary.recordsBecomingComplete)
    .filter(([, records]) => records > 0)
    .map(([state, records]) => ({ state: stateName(state), records }))
    .sort((a, b) => b.records - a.records || a.state.localeCompare(b.state));
}
