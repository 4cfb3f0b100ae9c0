import { categoriesChange, checkAssignment, validateAssignments } from './assignment-rules';

describe('categoriesChange', () => {
  it('is the sorted id sets before and after, as a global change of "categories"', () => {
    expect(categoriesChange(['cat-b', 'cat-a'], ['cat-c', 'cat-a'])).toEqual({
      attributeAlias: 'categories',
      scope: {},
      oldValue: ['cat-a', 'cat-b'],
      newValue: ['cat-a', 'cat-c'],
    });
  });

  it('reports the first assignment and the last removal', () => {
    expect(categoriesChange([], ['cat-a'])).toMatchObject({ oldValue: [], newValue: ['cat-a'] });
    expect(categoriesChange(['cat-a'], [])).toMatchObject({ oldValue: ['cat-a'], newValue: [] });
  });

  it('is undefined when the set is the same, whatever the order', () => {
    expect(categoriesChange(['cat-a', 'cat-b'], ['cat-b', 'cat-a'])).toBeUndefined();
    expect(categoriesChange([], [])).toBeUndefined();
  });
});

describe('validateAssignments', () => {
  it('accepts unique category ids with or without sortOrder, and an empty set', () => {
    expect(validateAssignments([{ categoryId: 'cat-a', sortOrder: 0 }, { categoryId: 'cat-b' }])).toEqual([]);
    expect(validateAssignments([])).toEqual([]);
  });

  it('names the later duplicate', () => {
    const issues = validateAssignments([{ categoryId: 'cat-a' }, { categoryId: 'cat-b' }, { categoryId: 'cat-a', sortOrder: 2 }]);
    expect(issues).toEqual([expect.objectContaining({ field: 'categories[2].categoryId', rule: 'unique' })]);
  });

  it('rejects a missing id, a bad sortOrder and a non-array', () => {
    expect(validateAssignments([{ sortOrder: -1 }]).map((issue) => `${issue.field}:${issue.rule}`)).toEqual([
      'categories[0].categoryId:required',
      'categories[0].sortOrder:sortOrder',
    ]);
    expect(validateAssignments({})).toEqual([expect.objectContaining({ field: 'categories', rule: 'type' })]);
    expect(checkAssignment({ categoryId: 'cat-a', sortOrder: 1.5 })).toEqual([expect.objectContaining({ field: 'sortOrder' })]);
  });
});
