import { nextSortOrder, subtreeDeepestFirst, treeOrder, wouldCreateCycle, type TreeNode } from './category-tree';

const node = (id: string, parentId: string | null, sortOrder = 0): TreeNode => ({ id, parentId, sortOrder });

/**
 * clothing
 *   outerwear
 *     rain
 *   shirts
 * collections
 *   spring
 */
const tree: TreeNode[] = [
  node('spring', 'collections', 0),
  node('shirts', 'clothing', 1),
  node('collections', null, 1),
  node('rain', 'outerwear', 0),
  node('clothing', null, 0),
  node('outerwear', 'clothing', 0),
];

describe('treeOrder', () => {
  it('puts every parent directly before its subtree, siblings by sortOrder', () => {
    expect(treeOrder(tree).map((n) => n.id)).toEqual(['clothing', 'outerwear', 'rain', 'shirts', 'collections', 'spring']);
  });

  it('breaks sortOrder ties by id', () => {
    expect(treeOrder([node('b', null, 1), node('c', null, 0), node('a', null, 1)]).map((n) => n.id)).toEqual(['c', 'a', 'b']);
  });

  it('treats a node whose parent is not in the list as top level', () => {
    expect(treeOrder([node('x', 'missing', 1), node('a', null, 0)]).map((n) => n.id)).toEqual(['a', 'x']);
  });

  it('never loses nodes caught in a cycle', () => {
    const order = treeOrder([node('a', 'b'), node('b', 'a'), node('root', null)]).map((n) => n.id);
    expect(order[0]).toBe('root');
    expect([...order].sort()).toEqual(['a', 'b', 'root']);
  });

  it('returns an empty list for no nodes', () => {
    expect(treeOrder([])).toEqual([]);
  });
});

describe('subtreeDeepestFirst', () => {
  it('lists the node and all descendants, deepest level first', () => {
    expect(subtreeDeepestFirst(tree, 'clothing')).toEqual(['rain', 'outerwear', 'shirts', 'clothing']);
  });

  it('is just the node for a leaf, and empty for an unknown id', () => {
    expect(subtreeDeepestFirst(tree, 'spring')).toEqual(['spring']);
    expect(subtreeDeepestFirst(tree, 'nope')).toEqual([]);
  });
});

describe('wouldCreateCycle', () => {
  it.each([
    ['itself', 'clothing', 'clothing', true],
    ['a child', 'clothing', 'outerwear', true],
    ['a grandchild', 'clothing', 'rain', true],
    ['a sibling', 'outerwear', 'shirts', false],
    ['another root subtree', 'clothing', 'spring', false],
    ['its own ancestor (moving up)', 'rain', 'clothing', false],
    ['the top level', 'rain', null, false],
  ])('moving below %s: %s', (_, id, parentId, expected) => {
    expect(wouldCreateCycle(tree, id as string, parentId as string | null)).toBe(expected);
  });

  it('terminates on a stored cycle that does not contain the node', () => {
    expect(wouldCreateCycle([node('a', 'b'), node('b', 'a'), node('c', null)], 'c', 'a')).toBe(false);
  });
});

describe('nextSortOrder', () => {
  it('is one past the largest sibling sortOrder, 0 without siblings', () => {
    expect(nextSortOrder([node('a', null, 3), node('b', null, 7)])).toBe(8);
    expect(nextSortOrder([])).toBe(0);
  });
});
