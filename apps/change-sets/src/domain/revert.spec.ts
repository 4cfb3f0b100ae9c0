import { type AppliedEntry, inverseOperations, revertTitle } from './revert';

const update = { id: 'cop-1', type: 'update' as const, entityId: 'ent-1', schemaId: 'schema-apparel' };

describe('inverseOperations', () => {
  it('an update sets back each value it moved: oldValue the applied value, newValue the value before', () => {
    const entries: AppliedEntry[] = [
      {
        entityId: 'ent-1',
        action: 'update',
        operationId: 'cop-1',
        changes: [
          { attributeAlias: 'material', scope: {}, oldValue: 'Cotton', newValue: 'Linen' },
          { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, oldValue: null, newValue: 'Skjorte' },
        ],
      },
    ];
    expect(inverseOperations([update], entries)).toEqual([
      {
        type: 'update',
        entityId: 'ent-1',
        schemaId: 'schema-apparel',
        changes: [
          { attributeAlias: 'material', scope: {}, oldValue: 'Linen', newValue: 'Cotton' },
          // There was no value before: the inverse clears it.
          { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, oldValue: 'Skjorte', newValue: null },
        ],
      },
    ]);
  });

  it('a create becomes a delete of the record it created', () => {
    const create = { id: 'cop-2', type: 'create' as const, schemaId: 'schema-apparel' };
    const entries: AppliedEntry[] = [
      { entityId: 'ent-new', action: 'create', operationId: 'cop-2', changes: [{ attributeAlias: 'sku', scope: {}, oldValue: null, newValue: 'N-1' }] },
    ];
    expect(inverseOperations([create], entries)).toEqual([{ type: 'delete', entityId: 'ent-new', schemaId: 'schema-apparel', changes: [] }]);
  });

  it('a delete becomes a create with the old values; records deleted with it are not recreated', () => {
    const remove = { id: 'cop-3', type: 'delete' as const, entityId: 'ent-3', schemaId: 'schema-apparel' };
    const entries: AppliedEntry[] = [
      {
        entityId: 'ent-3',
        action: 'delete',
        operationId: 'cop-3',
        changes: [
          { attributeAlias: 'sku', scope: {}, oldValue: 'OLD-3', newValue: null },
          { attributeAlias: 'material', scope: {}, oldValue: 'Wool', newValue: null },
        ],
      },
      { entityId: 'ent-3-variant', action: 'delete', operationId: 'cop-3', changes: [{ attributeAlias: 'sku', scope: {}, oldValue: 'V', newValue: null }] },
    ];
    expect(inverseOperations([remove], entries)).toEqual([
      {
        type: 'create',
        schemaId: 'schema-apparel',
        changes: [
          { attributeAlias: 'sku', scope: {}, newValue: 'OLD-3' },
          { attributeAlias: 'material', scope: {}, newValue: 'Wool' },
        ],
      },
    ]);
  });

  it('undoes the last operation first, and skips operations that wrote nothing', () => {
    const second = { ...update, id: 'cop-2' };
    const unchanged = { ...update, id: 'cop-9', entityId: 'ent-9' };
    const entries: AppliedEntry[] = [
      { entityId: 'ent-1', action: 'update', operationId: 'cop-1', changes: [{ attributeAlias: 'material', scope: {}, oldValue: 'A', newValue: 'B' }] },
      { entityId: 'ent-1', action: 'update', operationId: 'cop-2', changes: [{ attributeAlias: 'material', scope: {}, oldValue: 'B', newValue: 'C' }] },
    ];
    expect(inverseOperations([update, second, unchanged], entries).map((operation) => operation.changes[0])).toEqual([
      { attributeAlias: 'material', scope: {}, oldValue: 'C', newValue: 'B' },
      { attributeAlias: 'material', scope: {}, oldValue: 'B', newValue: 'A' },
    ]);
  });

  it('ignores entries of other operations', () => {
    const entries: AppliedEntry[] = [
      { entityId: 'ent-1', action: 'update', operationId: 'cop-other', changes: [{ attributeAlias: 'material', scope: {}, oldValue: 'A', newValue: 'B' }] },
    ];
    expect(inverseOperations([update], entries)).toEqual([]);
  });
});

describe('revertTitle', () => {
  it('names the reverted set', () => {
    expect(revertTitle('AI Product Enrichment')).toBe('Revert: AI Product Enrichment');
  });
});
