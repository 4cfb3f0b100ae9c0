import type { OperationDto } from '@sigma/contracts';
import { markStale, type StaleCheckOperation, staleCandidates, staleChangeDetails, type StaleFinding } from './staleness';

const da = { 'dim-language': 'seg-da' };
const update = (id: string, changes: StaleCheckOperation['changes'], extra: Partial<StaleCheckOperation> = {}): StaleCheckOperation => ({
  id,
  type: 'update',
  entityId: 'ent-1',
  status: 'pending',
  changes,
  ...extra,
});

describe('staleCandidates', () => {
  it('probes each change that gives an oldValue (null included), with its place in the set', () => {
    const candidates = staleCandidates('pending_approval', [
      update('op-a', [{ attributeAlias: 'material', newValue: 'Linen' }]),
      update('op-b', [
        { attributeAlias: 'material', newValue: 'Wool', oldValue: null },
        { attributeAlias: 'product-name', scope: da, newValue: 'Ny', oldValue: 'Gammel' },
      ]),
    ]);
    expect(candidates).toEqual([
      { operationId: 'op-b', operationIndex: 1, changeIndex: 0, probe: { entityId: 'ent-1', attributeAlias: 'material', scope: {}, oldValue: null } },
      { operationId: 'op-b', operationIndex: 1, changeIndex: 1, probe: { entityId: 'ent-1', attributeAlias: 'product-name', scope: da, oldValue: 'Gammel' } },
    ]);
  });

  it('numbers operations from firstIndex (a page of the set)', () => {
    const [candidate] = staleCandidates('draft', [update('op-a', [{ attributeAlias: 'material', newValue: 'x', oldValue: 'y' }])], 200);
    expect(candidate.operationIndex).toBe(200);
  });

  it('leaves out creates, deletes, operations without entity and decided or applied operations', () => {
    const change = [{ attributeAlias: 'material', newValue: 'x', oldValue: 'y' }];
    const candidates = staleCandidates('approved', [
      update('create', change, { type: 'create', entityId: undefined }),
      update('delete', change, { type: 'delete' }),
      update('no-entity', change, { entityId: null }),
      update('rejected', change, { status: 'rejected' }),
      update('applied', change, { status: 'applied' }),
      update('failed', change, { status: 'failed' }),
      update('approved', change, { status: 'approved' }),
    ]);
    expect(candidates.map((candidate) => candidate.operationId)).toEqual(['approved']);
  });

  it.each(['applied', 'partially_applied', 'rejected'] as const)('checks nothing in a %s set: its oldValues are history', (status) => {
    expect(staleCandidates(status, [update('op-a', [{ attributeAlias: 'material', newValue: 'x', oldValue: 'y' }])])).toEqual([]);
  });

  it.each(['draft', 'pending_approval', 'revision_requested', 'approved'] as const)('checks a %s set', (status) => {
    expect(staleCandidates(status, [update('op-a', [{ attributeAlias: 'material', newValue: 'x', oldValue: 'y' }])])).toHaveLength(1);
  });
});

describe('markStale and staleChangeDetails', () => {
  const operations: OperationDto[] = [
    {
      id: 'op-a',
      type: 'update',
      entityId: 'ent-1',
      schemaId: 's',
      status: 'pending',
      changes: [
        { attributeAlias: 'material', newValue: 'Wool', oldValue: 'Cotton' },
        { attributeAlias: 'product-name', scope: da, newValue: 'Ny', oldValue: 'Gammel' },
      ],
    },
    { id: 'op-b', type: 'update', entityId: 'ent-2', schemaId: 's', status: 'pending', changes: [{ attributeAlias: 'material', newValue: 'Silk' }] },
  ];
  const finding: StaleFinding = {
    operationId: 'op-a',
    operationIndex: 0,
    changeIndex: 1,
    probe: { entityId: 'ent-1', attributeAlias: 'product-name', scope: da, oldValue: 'Gammel' },
    currentValue: null,
  };

  it('flags exactly the stale change with the current value (null kept), leaving the others as they were', () => {
    const marked = markStale(operations, [finding]);
    expect(marked[0].changes).toEqual([
      { attributeAlias: 'material', newValue: 'Wool', oldValue: 'Cotton' },
      { attributeAlias: 'product-name', scope: da, newValue: 'Ny', oldValue: 'Gammel', stale: true, currentValue: null },
    ]);
    expect(marked[1]).toBe(operations[1]);
    expect(operations[0].changes[1]).not.toHaveProperty('stale');
  });

  it('returns the operations unchanged when nothing is stale', () => {
    expect(markStale(operations, [])).toBe(operations);
  });

  it('lists a stale change for a 409 by operation, field, attribute, scope, expected and actual', () => {
    expect(staleChangeDetails([{ ...finding, operationIndex: 3, currentValue: 'Andet' }])).toEqual([
      { operationId: 'op-a', field: 'operations[3].changes[1]', attributeAlias: 'product-name', scope: da, expected: 'Gammel', actual: 'Andet' },
    ]);
  });
});
