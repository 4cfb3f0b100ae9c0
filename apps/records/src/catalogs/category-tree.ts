/** Pure rules of a catalog's category tree: order, subtrees, and moves that must not make a cycle. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  sortOrder: number;
}

/** Siblings ascending by sortOrder, ties by id. */
export function compareSiblings(a: TreeNode, b: TreeNode): number {
  return a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function childrenByParent<T extends TreeNode>(nodes: readonly T[]): Map<string | null, T[]> {
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string | null, T[]>();
  for (const node of nodes) {
    // A parent outside the list is treated as the top level, so no node is ever lost.
    const parent = node.parentId !== null && ids.has(node.parentId) ? node.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort(compareSiblings);
  return children;
}

/**
 * The flat tree in pre-order: every parent directly before its subtree, siblings by sortOrder then
 * id. Nodes caught in a cycle (never stored, but never trusted) come last rather than vanish.
 */
export function treeOrder<T extends TreeNode>(nodes: readonly T[]): T[] {
  const children = childrenByParent(nodes);
  const out: T[] = [];
  const seen = new Set<string>();
  const visit = (node: T) => {
    if (seen.has(node.id)) return;
    seen.add(node.id);
    out.push(node);
    for (const child of children.get(node.id) ?? []) visit(child);
  };
  for (const root of children.get(null) ?? []) visit(root);
  for (const node of [...nodes].sort(compareSiblings)) visit(node);
  return out;
}

/** The node and everything below it, deepest first (the order rows can be deleted in). */
export function subtreeDeepestFirst(nodes: readonly TreeNode[], rootId: string): string[] {
  const children = childrenByParent(nodes);
  const levels: string[][] = [];
  let level = nodes.some((node) => node.id === rootId) ? [rootId] : [];
  const seen = new Set(level);
  while (level.length) {
    levels.push([...level].sort());
    level = level.flatMap((id) => (children.get(id) ?? []).map((child) => child.id)).filter((id) => !seen.has(id));
    level.forEach((id) => seen.add(id));
  }
  return levels.reverse().flat();
}

/** True when making `newParentId` the parent of `id` would put the node below itself. */
export function wouldCreateCycle(nodes: readonly TreeNode[], id: string, newParentId: string | null): boolean {
  if (newParentId === null) return false;
  const parents = new Map(nodes.map((node) => [node.id, node.parentId]));
  const seen = new Set<string>();
  for (let current: string | null | undefined = newParentId; current != null; current = parents.get(current)) {
    if (current === id) return true;
    if (seen.has(current)) return false;
    seen.add(current);
  }
  return false;
}

/** The sortOrder that puts a new node after its last sibling. */
export function nextSortOrder(siblings: readonly TreeNode[]): number {
  return siblings.reduce((max, node) => Math.max(max, node.sortOrder + 1), 0);
}
