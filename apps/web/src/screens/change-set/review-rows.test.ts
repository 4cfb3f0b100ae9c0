import type { ChangeSetDto, OperationDto } from '../../api';
import { describe, expect, it } from 'vitest';
import { operationOutcome, previewFeedback, reviewRows } from './review-rows';

const operation = (id: string, entityId: string | undefined, over: Partial<OperationDto> = {}): OperationDto => ({
  id,
  type: entityId ? 'update' : 'create',
  entityId,
  schemaId: 'schema-apparel',
  status: 'pending',
  changes: [{ attributeAlias: 'material', newValue: id }],
  ...over,
});

const set = (operations: OperationDto[], over: Partial<ChangeSetDto> = {}): ChangeSetDto => ({
  id: 'cs-1',
  title: 'Test',
  source: { type: 'agent', name: 'Claude' },
  status: 'pending_approval',
  createdBy: 'user-agent',
  createdAt: '2025-03-01T10:00:00Z',
  updatedAt: '2025-03-01T10:00:00Z',
  revisionCount: 0,
  operations,
  ...over,
});

describe('reviewRows', () => {
  it('groups operations by record in order of first appearance, one row per change', () => {
    const rows = reviewRows([operation('op-1', 'ent-1'), operation('op-2', 'ent-2'), operation('op-3', 'ent-1'), operation('op-4', undefined)]);
    expect(rows.map((row) => row.key)).toEqual([
      'record:ent-1',
      'operation:op-1',
      'change:op-1:0',
      'operation:op-3',
      'change:op-3:0',
      'record:ent-2',
      'operation:op-2',
      'change:op-2:0',
      'record:new:op-4',
      'operation:op-4',
      'change:op-4:0',
    ]);
    expect(rows.flatMap((row) => (row.kind === 'change' ? [row.ordinal] : []))).toEqual([0, 1, 2, 3]);
  });
});

describe('previewFeedback', () => {
  it('counts ratings per change and snippets per annotation, as the revision request will', () => {
    const rated = operation('op-1', 'ent-1', {
      changes: [
        { attributeAlias: 'a', newValue: 'x', rating: 'good', annotations: [{ id: 's1' } as never, { id: 's2' } as never] },
        { attributeAlias: 'b', newValue: 'y', rating: 'bad' },
        { attributeAlias: 'c', newValue: 'z' },
      ],
    });
    expect(previewFeedback(set([rated]))).toEqual({ good: 1, bad: 1, unrated: 1, snippets: 2 });
  });
});

describe('operationOutcome', () => {
  it('reads applied, skipped (rejected) and errors with their reason', () => {
    const failed = operation('op-3', 'ent-3', { status: 'failed', error: { code: 'conflict', message: 'material changed since the proposal' } });
    const result = set([operation('op-1', 'ent-1', { status: 'applied' }), operation('op-2', 'ent-2', { status: 'rejected', reviewNote: 'too high' }), failed], {
      status: 'partially_applied',
    });
    expect(result.operations.map((op) => operationOutcome(result, op))).toEqual([
      { result: 'applied' },
      { result: 'skipped', reason: 'rejected: too high' },
      { result: 'error', reason: 'material changed since the proposal (conflict)' },
    ]);
  });

  it('takes the reason from the apply result when the operation carries none', () => {
    const op = operation('op-1', 'ent-1', { status: 'approved' });
    const result = set([op], { applyResult: { applied: 0, skipped: 0, errors: [{ operationId: 'op-1', code: 'not-found', message: "Record 'ent-1' not found" }] } });
    expect(operationOutcome(result, op)).toEqual({ result: 'error', reason: "Record 'ent-1' not found (not-found)" });
  });
});
