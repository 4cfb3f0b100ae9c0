import { resolveInheritedValues } from './inherit-values';

const da = { 'dim-language': 'seg-da' };
const de = { 'dim-language': 'seg-de' };

describe('resolveInheritedValues', () => {
  const parent = {
    id: 'ent-parent',
    values: {
      'product-name': [
        { scope: {}, value: 'Rain Jacket' },
        { scope: da, value: 'Regnjakke' },
        { scope: de, value: 'Regenjacke' },
      ],
      material: [{ scope: {}, value: 'Nylon' }],
      sku: [{ scope: {}, value: 'RJ-1' }],
    },
  };

  it('keeps own values and adds, per scope, what the variant does not set, marked inherited', () => {
    const own = { 'product-name': [{ scope: da, value: 'Regnjakke, navy' }], sku: [{ scope: {}, value: 'RJ-1-NAVY' }] };
    expect(resolveInheritedValues(own, [parent], new Set(['sku']))).toEqual({
      'product-name': [
        { scope: da, value: 'Regnjakke, navy' },
        { scope: {}, value: 'Rain Jacket', inherited: true, inheritedFrom: 'ent-parent' },
        { scope: de, value: 'Regenjacke', inherited: true, inheritedFrom: 'ent-parent' },
      ],
      sku: [{ scope: {}, value: 'RJ-1-NAVY' }],
      material: [{ scope: {}, value: 'Nylon', inherited: true, inheritedFrom: 'ent-parent' }],
    });
  });

  it('never inherits attributes listed as not inherited (unique ones such as sku)', () => {
    expect(resolveInheritedValues({}, [parent], new Set(['sku'])).sku).toBeUndefined();
  });

  it('takes the nearest ancestor first along the chain', () => {
    const grandparent = { id: 'ent-model', values: { material: [{ scope: {}, value: 'Cotton' }], price: [{ scope: {}, value: 10 }] } };
    const resolved = resolveInheritedValues({}, [parent, grandparent]);
    expect(resolved.material).toEqual([{ scope: {}, value: 'Nylon', inherited: true, inheritedFrom: 'ent-parent' }]);
    expect(resolved.price).toEqual([{ scope: {}, value: 10, inherited: true, inheritedFrom: 'ent-model' }]);
  });

  it('compares scopes regardless of key order', () => {
    const both = { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' };
    const reversed = { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' };
    const resolved = resolveInheritedValues({ price: [{ scope: both, value: 2 }] }, [{ id: 'p', values: { price: [{ scope: reversed, value: 1 }] } }]);
    expect(resolved.price).toEqual([{ scope: both, value: 2 }]);
  });

  it('reads a record without ancestors exactly as stored', () => {
    expect(resolveInheritedValues(parent.values, [])).toEqual(parent.values);
  });
});
