import { cellText, columnName, parseColumnName, recordColumns } from './columns';

const dimensions = [
  { id: 'dim-language', name: 'Language', segments: [{ id: 'seg-da', name: 'Danish' }, { id: 'seg-de', name: 'German' }] },
  { id: 'dim-market', name: 'Market', segments: [{ id: 'seg-dk', name: 'Denmark' }] },
] as never[];
const attribute = (alias: string, dimensionIds: string[]) => ({ alias, name: alias, dataType: 'text', dimensionIds, rules: {} }) as never;

describe('record file columns', () => {
  it('names a global column by its alias and a scoped one by its dimension=segment pairs', () => {
    expect(columnName('sku', {})).toBe('sku');
    expect(columnName('product-name', { 'dim-language': 'seg-da' })).toBe('product-name@dim-language=seg-da');
    expect(columnName('price', { 'dim-market': 'seg-dk', 'dim-language': 'seg-de' }, ['dim-language', 'dim-market'])).toBe('price@dim-language=seg-de+dim-market=seg-dk');
  });

  it('reads back every name it writes, and nothing else', () => {
    for (const scope of [{}, { 'dim-language': 'seg-da' }, { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }] as Record<string, string>[]) {
      expect(parseColumnName(columnName('price', scope))).toEqual({ attributeAlias: 'price', scope });
    }
    for (const bad of ['', '@dim=seg', 'a@', 'a@dim', 'a@dim=', 'a@dim=x+dim=y', 'a@b=c@d=e', 'a@dim=x=y']) expect(parseColumnName(bad)).toBeUndefined();
  });

  it('lists each attribute over the product of its dimensions\' segments, in schema order', () => {
    const columns = recordColumns([attribute('sku', []), attribute('price', ['dim-language', 'dim-market'])], dimensions);
    expect(columns.map((column) => column.name)).toEqual(['sku', 'price@dim-language=seg-da+dim-market=seg-dk', 'price@dim-language=seg-de+dim-market=seg-dk']);
  });

  it('writes cells as text', () => {
    expect([cellText(null), cellText(undefined), cellText('a,b'), cellText(12.5), cellText(false), cellText(['x', 'y'])]).toEqual(['', '', 'a,b', '12.5', 'false', '["x","y"]']);
  });
});
