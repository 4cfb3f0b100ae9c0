import { checkScopedNames, validateCatalog, validateCategoryFields } from './validate-category';

const segments = new Map([
  ['dim-language', new Set(['seg-da', 'seg-de'])],
  ['dim-market', new Set(['seg-dk'])],
]);
const rules = (issues: { field: string; rule: string }[]) => issues.map((issue) => `${issue.field}:${issue.rule}`);

describe('validateCatalog', () => {
  it('needs a stable id and a name', () => {
    expect(validateCatalog({ id: 'catalog-main', name: 'Main' })).toEqual([]);
    expect(rules(validateCatalog({ id: 'Main Catalog', name: ' ' }))).toEqual(['id:pattern', 'name:required']);
  });
});

describe('checkScopedNames', () => {
  it('accepts names scoped to any dimension of the workspace, one per scope', () => {
    expect(
      checkScopedNames(
        [
          { scope: { 'dim-language': 'seg-da' }, value: 'Overtøj' },
          { scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, value: 'Overtøj DK' },
        ],
        segments,
      ),
    ).toEqual([]);
  });

  it('refuses the global scope, unknown dimensions and segments, repeated scopes and blank values', () => {
    const issues = checkScopedNames(
      [
        { scope: {}, value: 'x' },
        { scope: { 'dim-colour': 'seg-red' }, value: 'x' },
        { scope: { 'dim-language': 'seg-fr' }, value: 'x' },
        { scope: { 'dim-language': 'seg-da' }, value: 'a' },
        { scope: { 'dim-language': 'seg-da' }, value: '' },
      ],
      segments,
    );
    expect(rules(issues)).toEqual([
      'names[0].scope:scoped',
      'names[1].scope:dimension',
      'names[2].scope:segment',
      'names[4].scope:unique',
      'names[4].value:required',
    ]);
  });

  it('refuses a non-array', () => {
    expect(rules(checkScopedNames('Overtøj', segments))).toEqual(['names:type']);
  });
});

describe('validateCategoryFields', () => {
  it('requires id and name on create only', () => {
    expect(rules(validateCategoryFields({}, segments, true))).toEqual(['id:required', 'name:required']);
    expect(validateCategoryFields({}, segments, false)).toEqual([]);
  });

  it('checks parentId, sortOrder and names when given', () => {
    expect(rules(validateCategoryFields({ parentId: 5, sortOrder: -1, names: [{ scope: {}, value: 'x' }] }, segments, false))).toEqual([
      'parentId:type',
      'sortOrder:sortOrder',
      'names[0].scope:scoped',
    ]);
    expect(validateCategoryFields({ parentId: null, sortOrder: 0 }, segments, false)).toEqual([]);
  });
});
