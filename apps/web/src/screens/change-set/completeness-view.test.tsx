import type { CompletenessPreviewPage, OperationCompletenessPreview } from '../../api';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CompletenessSummary, OperationCompletenessEffect } from './completeness-view';

const name = (id: string) => ({ 'state-draft': 'Draft', 'state-review': 'Review' })[id] ?? id;
const item: OperationCompletenessPreview = {
  operationId: 'op-1',
  type: 'update',
  entityId: 'ent-004',
  schemaId: 'schema-apparel',
  status: 'pending',
  countedChanges: 2,
  preview: {
    state: { lifecycleStateId: 'state-draft', before: { percentage: 33, filled: 1, total: 3 }, after: { percentage: 100, filled: 3, total: 3 }, missingAfter: [] },
    next: [{ lifecycleStateId: 'state-review', transitionId: 'trans-x', before: { percentage: 29, filled: 2, total: 7 }, after: { percentage: 57, filled: 4, total: 7 } }],
  },
};

describe('OperationCompletenessEffect', () => {
  it("shows before → after for the record's state and the states it may move to", () => {
    render(<OperationCompletenessEffect item={item} stateName={name} />);
    const lines = screen.getAllByRole('listitem').map((line) => line.textContent);
    expect(lines).toEqual(['Draft 33% (1/3) → 100% (3/3) ↑', '→ Review 29% (2/7) → 57% (4/7) ↑']);
    expect(screen.getByRole('list', { name: 'Completeness effect of op-1' })).toBeTruthy();
  });

  it('says why an operation is not previewed, and shows nothing without a preview', () => {
    const { rerender, container } = render(
      <OperationCompletenessEffect item={{ ...item, preview: undefined, notPreviewed: { reason: 'delete', message: 'a delete leaves no record to score' } }} stateName={name} />,
    );
    expect(container.textContent).toBe('Completeness: not previewed (a delete leaves no record to score)');
    rerender(<OperationCompletenessEffect item={undefined} stateName={name} />);
    expect(container.textContent).toBe('');
  });
});

describe('CompletenessSummary', () => {
  it('lists the records the set would make complete per state, and says when only a first page was previewed', () => {
    const page: CompletenessPreviewPage = { items: [item], summary: { recordsBecomingComplete: { 'state-draft': 1 }, operations: 1 }, total: 450, nextCursor: 'c2' };
    render(<CompletenessSummary page={page} error={undefined} stateName={name} />);
    const panel = screen.getByRole('region', { name: 'Completeness effect' });
    expect(panel.textContent).toContain('Records it would make complete (first 1 of 450 operations):');
    expect(screen.getByRole('listitem').textContent).toBe('Draft: 1 record');
  });

  it('says "none" when no record becomes complete', () => {
    const page: CompletenessPreviewPage = { items: [], summary: { recordsBecomingComplete: {}, operations: 0 }, total: 0 };
    render(<CompletenessSummary page={page} error={undefined} stateName={name} />);
    expect(screen.getByText('none')).toBeTruthy();
  });
});
