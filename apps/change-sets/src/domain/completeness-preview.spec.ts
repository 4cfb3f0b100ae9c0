import type { CompletenessPreview, OperationDto } from '@sigma/contracts';
import { operationPreview, previewRequestOf, summarize } from './completeness-preview';

const op = (extra: Partial<OperationDto>): OperationDto => ({
  id: 'op-1',
  type: 'update',
  entityId: 'ent-1',
  schemaId: 'schema-a',
  status: 'pending',
  changes: [],
  ...extra,
});

const score = (filled: number, total: number) => ({ percentage: Math.round((100 * filled) / total), filled, total });
const previewOf = (state: [number, number, number, number], next?: [number, number, number, number]): CompletenessPreview => ({
  state: { lifecycleStateId: 'review', before: score(state[0], state[1]), after: score(state[2], state[3]), missingAfter: [] },
  next: next ? [{ lifecycleStateId: 'published', transitionId: 'publish', before: score(next[0], next[1]), after: score(next[2], next[3]) }] : [],
});

describe('previewRequestOf', () => {
  it('asks about an update with every change but the rejected ones', () => {
    const operation = op({
      changes: [
        { attributeAlias: 'name', newValue: 'A', decision: 'approved' },
        { attributeAlias: 'material', scope: { m: 'x' }, newValue: 'B', decision: 'rejected', oldValue: 'C' },
        { attributeAlias: 'sku', newValue: null, decision: 'pending' },
      ],
    });
    expect(previewRequestOf(operation)).toEqual({
      recordId: 'ent-1',
      changes: [
        { attributeAlias: 'name', scope: {}, newValue: 'A' },
        { attributeAlias: 'sku', scope: {}, newValue: null },
      ],
    });
  });

  it('asks about a create by its schema', () => {
    expect(previewRequestOf(op({ type: 'create', entityId: undefined, changes: [{ attributeAlias: 'sku', newValue: 'S' }] }))).toEqual({
      schemaId: 'schema-a',
      changes: [{ attributeAlias: 'sku', scope: {}, newValue: 'S' }],
    });
  });

  it.each(['rejected', 'applied', 'failed'] as const)('does not ask about a %s operation', (status) => {
    expect(previewRequestOf(op({ status }))).toMatchObject({ reason: 'not-open' });
  });

  it('does not ask about a delete', () => {
    expect(previewRequestOf(op({ type: 'delete' }))).toMatchObject({ reason: 'delete' });
  });
});

describe('operationPreview', () => {
  it('carries the preview and the counted changes', () => {
    const operation = op({ status: 'approved', changes: [{ attributeAlias: 'a', newValue: 1, decision: 'rejected' }, { attributeAlias: 'b', newValue: 2 }] });
    const preview = previewOf([1, 1, 1, 1]);
    expect(operationPreview(operation, preview)).toEqual({
      operationId: 'op-1',
      type: 'update',
      entityId: 'ent-1',
      schemaId: 'schema-a',
      status: 'approved',
      countedChanges: 1,
      preview,
    });
  });

  it('says why there is no preview', () => {
    expect(operationPreview(op({}), { error: { code: 'not-found', message: "Record 'ent-1' not found" } }).notPreviewed).toEqual({
      reason: 'unscorable',
      code: 'not-found',
      message: "Record 'ent-1' not found",
    });
    expect(operationPreview(op({ type: 'delete' }), { reason: 'delete', message: 'gone' })).toMatchObject({ countedChanges: 0, notPreviewed: { reason: 'delete' } });
  });
});

describe('summarize', () => {
  it('counts per state the records incomplete before and complete after, each record once', () => {
    const items = [
      operationPreview(op({ id: 'op-1', entityId: 'ent-1' }), previewOf([1, 1, 1, 1], [2, 3, 3, 3])),
      operationPreview(op({ id: 'op-2', entityId: 'ent-1' }), previewOf([1, 1, 1, 1], [2, 3, 3, 3])),
      operationPreview(op({ id: 'op-3', entityId: 'ent-2' }), previewOf([1, 1, 0, 1], [3, 3, 2, 3])),
      operationPreview(op({ id: 'op-4', type: 'create', entityId: undefined }), previewOf([0, 1, 1, 1], [0, 3, 2, 3])),
      operationPreview(op({ id: 'op-5', type: 'delete' }), { reason: 'delete', message: 'gone' }),
    ];
    expect(summarize(items)).toEqual({ recordsBecomingComplete: { published: 1, review: 1 }, operations: 4 });
  });

  it('goes by slots, not the rounded percentage (199 of 200 rounds to 100)', () => {
    const nearly = operationPreview(op({}), previewOf([199, 200, 199, 200]));
    expect(nearly.preview?.state.after.percentage).toBe(100);
    expect(summarize([nearly])).toEqual({ recordsBecomingComplete: {}, operations: 1 });
  });
});
