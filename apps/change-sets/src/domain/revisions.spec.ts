import { carryOverFeedback, diffRevisions, isOnAny, proposalOf, type RevisionOperation, sameProposal } from './revisions';

const update = (id: string, changes: RevisionOperation['changes']): RevisionOperation => ({ id, type: 'update', entityId: 'ent-1', schemaId: 'schema-apparel', changes });
const DA = { 'dim-language': 'seg-da' };
const DE = { 'dim-language': 'seg-de' };

describe('carryOverFeedback', () => {
  const previous = [
    { attributeAlias: 'material', scope: {}, newValue: 'wool', rating: 'bad' as const },
    { attributeAlias: 'product-name', scope: DA, newValue: 'Skjorte', rating: 'good' as const },
    { attributeAlias: 'product-name', scope: DE, newValue: 'Hemd', rating: 'good' as const },
  ];

  it('keeps the rating of a change whose proposed value is unchanged, drops it where the value changed or the change is gone', () => {
    const { changes, outdated } = carryOverFeedback(previous, [
      { attributeAlias: 'material', newValue: 'Merino wool' },
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, newValue: 'Skjorte', reasoning: 'unchanged value, new reasoning' },
    ]);
    expect(changes).toEqual([
      { attributeAlias: 'material', scope: {}, newValue: 'Merino wool' },
      { attributeAlias: 'product-name', scope: DA, newValue: 'Skjorte', reasoning: 'unchanged value, new reasoning', rating: 'good' },
    ]);
    expect(outdated).toEqual([
      { attributeAlias: 'material', scope: {} },
      { attributeAlias: 'product-name', scope: DE },
    ]);
  });

  it('compares values as JSON (object key order ignored) and scopes whatever their key order', () => {
    const prior = [{ attributeAlias: 'specs', scope: { b: 'x', a: 'y' }, newValue: { w: 1, h: 2 }, rating: 'good' as const }];
    const { changes, outdated } = carryOverFeedback(prior, [{ attributeAlias: 'specs', scope: { a: 'y', b: 'x' }, newValue: { h: 2, w: 1 } }]);
    expect(changes[0].rating).toBe('good');
    expect(outdated).toEqual([]);
  });

  it('names nothing outdated for a change that had no rating but kept its value, and does not invent ratings', () => {
    const { changes, outdated } = carryOverFeedback([{ attributeAlias: 'material', newValue: 'wool' }], [{ attributeAlias: 'material', newValue: 'wool' }]);
    expect(changes).toEqual([{ attributeAlias: 'material', scope: {}, newValue: 'wool' }]);
    expect(outdated).toEqual([]);
  });

  it('tells which annotations sit on an outdated change', () => {
    const outdated = [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' } }];
    expect(isOnAny({ attributeAlias: 'product-name', scope: DE }, outdated)).toBe(true);
    expect(isOnAny({ attributeAlias: 'product-name', scope: DA }, outdated)).toBe(false);
    expect(isOnAny({ attributeAlias: 'material', scope: {} }, outdated)).toBe(false);
  });
});

describe('proposalOf', () => {
  it('keeps the proposal and leaves review state out', () => {
    expect(proposalOf({ attributeAlias: 'material', newValue: 'wool', oldValue: 'cotton', rating: 'bad', annotations: [] })).toEqual({
      attributeAlias: 'material',
      scope: {},
      newValue: 'wool',
      oldValue: 'cotton',
    });
  });
});

describe('sameProposal', () => {
  const set = [update('cop-1', [{ attributeAlias: 'material', scope: {}, newValue: 'wool' }])];

  it('ignores review state and a left-out global scope', () => {
    expect(sameProposal(set, [update('cop-1', [{ attributeAlias: 'material', newValue: 'wool', rating: 'bad' }])])).toBe(true);
  });

  it('notices an operation added or removed, and a changed value', () => {
    expect(sameProposal(set, [...set, update('cop-2', [])])).toBe(false);
    expect(sameProposal(set, [])).toBe(false);
    expect(sameProposal(set, [update('cop-1', [{ attributeAlias: 'material', newValue: 'Merino wool' }])])).toBe(false);
  });
});

describe('diffRevisions', () => {
  const before = [
    update('cop-1', [{ attributeAlias: 'material', scope: {}, newValue: 'wool' }]),
    update('cop-2', [
      { attributeAlias: 'product-name', scope: DA, newValue: 'Skjorte' },
      { attributeAlias: 'product-name', scope: DE, newValue: 'Hemd' },
      { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, newValue: 100 },
    ]),
    update('cop-3', [{ attributeAlias: 'material', newValue: 'linen' }]),
  ];
  const after = [
    update('cop-1', [{ attributeAlias: 'material', scope: {}, newValue: 'wool', reasoning: 'same value' }]),
    update('cop-2', [
      { attributeAlias: 'product-name', scope: DA, newValue: 'Oxford-skjorte' },
      { attributeAlias: 'product-name', scope: DE, newValue: 'Hemd' },
      { attributeAlias: 'short-description', scope: DA, newValue: 'Kort' },
    ]),
    { id: 'cop-4', type: 'create', schemaId: 'schema-apparel', changes: [{ attributeAlias: 'sku', newValue: 'NEW-1' }] } satisfies RevisionOperation,
  ];

  it('lists operations added and removed, and per change in both what was added, removed or changed with both values', () => {
    expect(diffRevisions(before, after)).toEqual({
      operationsAdded: [{ operationId: 'cop-4', type: 'create', schemaId: 'schema-apparel', changeCount: 1 }],
      operationsRemoved: [{ operationId: 'cop-3', type: 'update', entityId: 'ent-1', schemaId: 'schema-apparel', changeCount: 1 }],
      changes: [
        { operationId: 'cop-2', attributeAlias: 'product-name', scope: DA, kind: 'changed', before: 'Skjorte', after: 'Oxford-skjorte' },
        { operationId: 'cop-2', attributeAlias: 'short-description', scope: DA, kind: 'added', after: 'Kort' },
        { operationId: 'cop-2', attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, kind: 'removed', before: 100 },
      ],
      counts: { operationsAdded: 1, operationsRemoved: 1, changesAdded: 1, changesRemoved: 1, changesChanged: 1 },
      truncated: false,
    });
  });

  it('is empty between a revision and itself', () => {
    expect(diffRevisions(before, before)).toMatchObject({ operationsAdded: [], operationsRemoved: [], changes: [], truncated: false });
  });

  it('a value changing to null or from a string to a number is a change', () => {
    const diff = diffRevisions([update('cop-1', [{ attributeAlias: 'a', newValue: '1' }, { attributeAlias: 'b', newValue: 'x' }])], [
      update('cop-1', [{ attributeAlias: 'a', newValue: 1 }, { attributeAlias: 'b', newValue: null }]),
    ]);
    expect(diff.changes.map((change) => [change.kind, change.before, change.after])).toEqual([
      ['changed', '1', 1],
      ['changed', 'x', null],
    ]);
  });

  it('stops listing at the entry cap, keeps the counts complete and says it is truncated', () => {
    const many = Array.from({ length: 30 }, (_, index) => update(`cop-new-${index}`, [{ attributeAlias: 'material', newValue: 'x' }]));
    const diff = diffRevisions(before, [...before, ...many], { maxEntries: 10, maxBytes: 1_000_000 });
    expect(diff.operationsAdded).toHaveLength(10);
    expect(diff.operationsAdded[0].operationId).toBe('cop-new-0');
    expect(diff.counts.operationsAdded).toBe(30);
    expect(diff.truncated).toBe(true);
  });

  it('stops listing before the JSON would pass the byte budget', () => {
    const big = 'x'.repeat(400);
    const diff = diffRevisions([update('cop-1', [])], [update('cop-1', [{ attributeAlias: 'a', newValue: big }, { attributeAlias: 'b', newValue: big }, { attributeAlias: 'c', newValue: 'small' }])], {
      maxEntries: 1000,
      maxBytes: 900,
    });
    expect(diff.changes.map((change) => change.attributeAlias)).toEqual(['a']);
    expect(diff.counts.changesAdded).toBe(3);
    expect(diff.truncated).toBe(true);
  });
});
