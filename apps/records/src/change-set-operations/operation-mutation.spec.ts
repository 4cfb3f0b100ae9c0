import { DomainError, type RecordOperation } from '@sigma/contracts';
import type { RecordEntity } from '../database/entities';
import type { ValueContext } from '../values/scoped-values';
import { operationMutation } from './operation-mutation';

const schema: ValueContext = {
  attributes: new Map([
    ['material', { alias: 'material', name: 'Material', dataType: 'text', dimensionIds: [], rules: {}, guard: null } as never],
    ['price', { alias: 'price', name: 'Price', dataType: 'number', dimensionIds: [], rules: {}, guard: null } as never],
  ]),
  segmentsByDimension: new Map(),
};
const current = { id: 'ent-1', schemaId: 'schema-a', values: { material: [{ scope: {}, value: 'Wool' }] } } as unknown as RecordEntity;
const op = (partial: Partial<RecordOperation>): RecordOperation => ({ operationId: 'op-1', type: 'update', entityId: 'ent-1', schemaId: 'schema-a', changes: [], ...partial });

describe('operationMutation', () => {
  it('a create carries the values of its changes', () => {
    expect(operationMutation(op({ type: 'create', entityId: undefined, changes: [{ attributeAlias: 'material', newValue: 'Linen' }] }))).toEqual({
      kind: 'create',
      schemaId: 'schema-a',
      values: { material: [{ scope: {}, value: 'Linen' }] },
    });
  });

  it('an update builds its values on the locked current record and validates them', () => {
    const mutation = operationMutation(op({ changes: [{ attributeAlias: 'material', oldValue: 'Wool', newValue: 'Silk' }, { attributeAlias: 'price', newValue: 'cheap' }] }));
    if (mutation.kind !== 'set-values') throw new Error('expected set-values');
    const built = mutation.build(schema, current);
    expect(built.values.material).toEqual([{ scope: {}, value: 'Silk' }]);
    expect(built.issues.map((issue) => issue.field)).toEqual(['changes.price[0].value']);
  });

  it('an update whose oldValue is stale throws the conflict when built', () => {
    const mutation = operationMutation(op({ changes: [{ attributeAlias: 'material', oldValue: 'Cotton', newValue: 'Silk' }] }));
    if (mutation.kind !== 'set-values') throw new Error('expected set-values');
    expect(() => mutation.build(schema, current)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('an update of a record of another schema is refused', () => {
    const mutation = operationMutation(op({ schemaId: 'schema-b', changes: [{ attributeAlias: 'material', newValue: 'Silk' }] }));
    if (mutation.kind !== 'set-values') throw new Error('expected set-values');
    expect(() => mutation.build(schema, current)).toThrow(expect.objectContaining({ code: 'validation-failed' }));
  });

  it('update and delete need an entityId', () => {
    expect(() => operationMutation(op({ entityId: undefined }))).toThrow(DomainError);
    expect(() => operationMutation(op({ type: 'delete', entityId: undefined }))).toThrow(expect.objectContaining({ code: 'validation-failed' }));
    expect(operationMutation(op({ type: 'delete' }))).toEqual({ kind: 'delete', id: 'ent-1' });
  });
});
