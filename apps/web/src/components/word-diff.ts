export type DiffKind = 'same' | 'added' | 'removed';

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** Words (letters, digits, inner apostrophes and dashes), runs of white space, and single other characters. */
const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|\s+|[^\s\p{L}\p{N}]/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Above this many token pairs the diff is "all removed, all added" instead of a quadratic table. */
export const MAX_DIFF_CELLS = 4_000_000;

function push(parts: DiffPart[], kind: DiffKind, text: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/**
 * Word-level diff of two texts (longest common subsequence of tokens). Concatenating the `same`
 * and `removed` parts gives the old text back, the `same` and `added` parts the new one; a removal
 * comes before the addition that replaces it.
 */
export function wordDiff(oldText: string, newText: string): DiffPart[] {
  const a = tokenize(oldText);
  const b = tokenize(newText);
  // Common prefix and suffix need no table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  push(parts, 'same', a.slice(0, start).join(''));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_DIFF_CELLS) {
    push(parts, 'removed', midA.join(''));
    push(parts, 'added', midB.join(''));
  } else {
    diffMiddle(midA, midB, parts);
  }
  push(parts, 'same', a.slice(endA).join(''));
  return mergeChangeRuns(parts);
}

/**
 * A rewritten sentence shares little more than its spaces with the old one; matching those single
 * spaces would shred the diff into word-by-word alternations. White-space-only `same` parts between
 * two changes join the change, and each run of changes becomes one removal then one addition.
 */
function mergeChangeRuns(parts: DiffPart[]): DiffPart[] {
  const merged: DiffPart[] = [];
  let removed = '';
  let added = '';
  let inRun = false;
  const flush = () => {
    push(merged, 'removed', removed);
    push(merged, 'added', added);
    removed = '';
    added = '';
    inRun = false;
  };
  parts.forEach((part, index) => {
    const bridging = part.kind === 'same' && inRun && /^\s+$/.test(part.text) && parts[index + 1] !== undefined && parts[index + 1].kind !== 'same';
    if (part.kind === 'removed') {
      removed += part.text;
      inRun = true;
    } else if (part.kind === 'added') {
      added += part.text;
      inRun = true;
    } else if (bridging) {
      removed += part.text;
      added += part.text;
    } else {
      flush();
      push(merged, 'same', part.text);
    }
  });
  flush();
  return merged;
}

function diffMiddle(a: string[], b: string[], parts: DiffPart[]): void {
  const n = a.length;
  const m = b.length;
  // lengths[i * (m + 1) + j]: LCS length of a[i..] and b[j..].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * (m + 1) + j] =
        a[i] === b[j] ? lengths[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let removed = '';
  let added = '';
  const flush = () => {
    push(parts, 'removed', removed);
    push(parts, 'added', added);
    removed = '';
    added = '';
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      push(parts, 'same', a[i]);
      i++;
      j++;
    } else if (j >= m || (i < n && lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1])) {
      removed += a[i++];
    } else {
      added += b[j++];
    }
  }
  flush();
}

/** Text values get a word diff; anything else is shown as old → new. */
export function isTextDiffable(oldValue: unknown, newValue: unknown): oldValue is string {
  return typeof oldValue === 'string' && typeof newValue === 'string';
}
