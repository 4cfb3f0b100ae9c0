import type { ProposedChangeDto } from '@sigma/contracts';
import { findChange } from './find-change';

describe('findChange', () => {
  const da = { 'dim-language': 'seg-da' };
  const de = { 'dim-language': 'seg-de' };
  const change = (attributeAlias: string, scope?: Record<string, string>): ProposedChangeDto => ({ attributeAlias, newValue: 'x', ...(scope && { scope }) });
  const operation = {
    id: 'cop-1',
    changes: [change('product-name', {}), change('product-name', da), change('product-name', de), change('short-description'), change('price', { 'dim-market': 'seg-dk', 'dim-x': 'a' })],
  };

  it('finds the only change of an attribute without a scope (the seed examples)', () => {
    expect(findChange(operation, 'short-description')).toEqual({ index: 3 });
    expect(findChange(operation, 'price')).toEqual({ index: 4 });
  });

  it('finds the change in the named scope, whatever the key order', () => {
    expect(findChange(operation, 'product-name', da)).toEqual({ index: 1 });
    expect(findChange(operation, 'product-name', de)).toEqual({ index: 2 });
    expect(findChange(operation, 'product-name', {})).toEqual({ index: 0 });
    expect(findChange(operation, 'price', { 'dim-x': 'a', 'dim-market': 'seg-dk' })).toEqual({ index: 4 });
  });

  it('a change stored without a scope is the global one', () => {
    expect(findChange(operation, 'short-description', {})).toEqual({ index: 3 });
  });

  it('an attribute the operation does not change names attributeAlias', () => {
    expect(findChange(operation, 'material')).toEqual({
      issues: [{ field: 'attributeAlias', rule: 'exists', message: "operation 'cop-1' proposes no change to 'material'", attributeAlias: 'material' }],
    });
    expect(findChange(operation, 'material', da)).toEqual({ issues: [expect.objectContaining({ field: 'attributeAlias' })] });
  });

  it('several changes of the attribute and no scope names scope, listing the scopes to choose from', () => {
    const result = findChange(operation, 'product-name');
    expect(result).toEqual({ issues: [expect.objectContaining({ field: 'scope', rule: 'required', attributeAlias: 'product-name' })] });
    const [issue] = (result as { issues: { message: string }[] }).issues;
    expect(issue.message).toContain('3 changes');
    expect(issue.message).toContain('{"dim-language":"seg-da"}');
  });

  it('a scope the attribute has no change in names scope', () => {
    const scope = { 'dim-language': 'seg-fr' };
    expect(findChange(operation, 'product-name', scope)).toEqual({ issues: [expect.objectContaining({ field: 'scope', rule: 'exists', attributeAlias: 'product-name', scope })] });
    expect(findChange(operation, 'short-description', da)).toEqual({ issues: [expect.objectContaining({ field: 'scope', rule: 'exists' })] });
  });
});
