import type { CompletenessPreviewPage, OperationCompletenessPreview } from '../../api';
import { describe, expect, it } from 'vitest';
import { effectLines, formatScore, previewsByOperation, recordsBecomingComplete, stateNamesFrom } from './completeness-effect';

const score = (filled: number, total: number) => ({ filled, total, percentage: Math.round((100 * filled) / total) });
const item: OperationCompletenessPreview = {
  operationId: 'op-1',
  type: 'update',
  entityId: 'ent-1',
  schemaId: 'schema-apparel',
  status: 'pending',
  countedChanges: 2,
  preview: {
    state: { lifecycleStateId: 'state-draft', before: score(1, 3), after: score(3, 3), missingAfter: [] },
    next: [{ lifecycleStateId: 'state-review', transitionId: 'trans-draft-to-review', before: score(5, 7), after: score(5, 7) }],
  },
};
const names = stateNamesFrom([
  {
    id: 'workflow-apparel',
    schemaId: 'schema-apparel',
    name: 'Apparel',
    initialStateId: 'state-draft',
    states: [
      { id: 'state-draft', name: 'Draft', requiredAttributes: [] },
      { id: 'state-review', name: 'Review', requiredAttributes: [] },
    ],
    transitions: [],
    createdAt: '2025-03-01T10:00:00Z',
    updatedAt: '2025-03-01T10:00:00Z',
  },
]);

describe('effectLines', () => {
  it("reads the record's state, then each completeness-gated next state, with the trend", () => {
    expect(effectLines(item, names)).toEqual([
      { state: 'Draft', before: score(1, 3), after: score(3, 3), trend: 'up' },
      { state: 'Review', before: score(5, 7), after: score(5, 7), trend: 'same', transitionId: 'trans-draft-to-review' },
    ]);
    expect(formatScore(score(1, 3))).toBe('33% (1/3)');
  });

  it('has no lines for an operation that was not previewed, and names unknown states by id', () => {
    expect(effectLines({ ...item, preview: undefined, notPreviewed: { reason: 'delete', message: 'a delete leaves no record to score' } }, names)).toEqual([]);
    expect(names('state-archived')).toBe('state-archived');
  });
});

describe('recordsBecomingComplete / previewsByOperation', () => {
  it('lists the states with records made complete, most first, and indexes the previews', () => {
    const page: CompletenessPreviewPage = { items: [item], summary: { recordsBecomingComplete: { 'state-review': 1, 'state-draft': 4, 'state-published': 0 }, operations: 1 }, total: 1 };
    expect(recordsBecomingComplete(page, names)).toEqual([
      { state: 'Draft', records: 4 },
      { state: 'Review', records: 1 },
    ]);
    expect(previewsByOperation(page).get('op-1')).toBe(item);
    expect(previewsByOperation(undefined).size).toBe(0);
  });
});
