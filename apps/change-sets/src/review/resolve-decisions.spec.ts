import type { ProposedChangeDto } from '@sigma/contracts';
import { resolveDecisions } from './resolve-decisions';

const operation: { id: string; changes: ProposedChangeDto[] } = {
  id: 'cop-1',
  changes: [
    { attributeAlias: 'short-description', scope: {}, newValue: 'Better' },
    { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-en' }, newValue: 'Shirt' },
    { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Hemd' },
  ],
};

describe('resolveDecisions', () => {
  it('finds each decided change by attribute and scope', () => {
    const resolved = resolveDecisions(operation, [
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, decision: 'reject' },
      { attributeAlias: 'short-description', decision: 'approve' },
    ]);
    expect(resolved).toEqual({ decisions: new Map([[2, 'rejected'], [0, 'approved']]) });
  });

  it('names the offending entry for a change the operation does not propose or an ambiguous scope', () => {
    const resolved = resolveDecisions(operation, [
      { attributeAlias: 'short-description', decision: 'approve' },
      { attributeAlias: 'price', decision: 'approve' },
      { attributeAlias: 'product-name', decision: 'reject' },
    ]);
    expect(resolved).toEqual({
      issues: [
        expect.objectContaining({ field: 'decisions[1].attributeAlias', rule: 'exists', attributeAlias: 'price' }),
        expect.objectContaining({ field: 'decisions[2].scope', rule: 'required', attributeAlias: 'product-name' }),
      ],
    });
  });

  it('refuses one change decided twice in a request', () => {
    const resolved = resolveDecisions(operation, [
      { attributeAlias: 'short-description', decision: 'approve' },
      { attributeAlias: 'short-description', scope: {}, decision: 'reject' },
    ]);
    expect(resolved).toEqual({ issues: [expect.objectContaining({ field: 'decisions[1]', rule: 'unique', attributeAlias: 'short-description' })] });
  });
});
