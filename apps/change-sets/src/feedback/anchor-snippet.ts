import type { ValidationIssue } from '@sigma/contracts';

/**
 * Where an annotated snippet lies in the proposed text. Offsets that point at the text are kept;
 * offsets that are off (clients count characters differently, or annotate an older rendering)
 * are re-anchored to the occurrence of the text nearest the given start. A snippet that does
 * not occur in the proposed text is rejected.
 */
export function anchorSnippet(
  proposed: unknown,
  text: string,
  startOffset: number,
  endOffset: number,
): { startOffset: number; endOffset: number } | { issues: ValidationIssue[] } {
  if (typeof proposed !== 'string') {
    return { issues: [{ field: 'attributeAlias', rule: 'text-value', message: 'only a proposed text value can be annotated' }] };
  }
  const issues: ValidationIssue[] = [];
  if (endOffset <= startOffset) issues.push({ field: 'endOffset', rule: 'order', message: 'endOffset must be greater than startOffset' });
  if (endOffset > proposed.length)
    issues.push({ field: 'endOffset', rule: 'range', message: `endOffset must lie inside the proposed text (length ${proposed.length})` });
  if (text.length === 0) issues.push({ field: 'text', rule: 'minLength', message: 'text must not be empty' });
  if (issues.length) return { issues };
  if (proposed.slice(startOffset, endOffset) === text) return { startOffset, endOffset };
  let best = -1;
  for (let at = proposed.indexOf(text); at >= 0; at = proposed.indexOf(text, at + 1)) {
    if (best < 0 || Math.abs(at - startOffset) < Math.abs(best - startOffset)) best = at;
  }
  if (best < 0) return { issues: [{ field: 'text', rule: 'match', message: 'text does not occur in the proposed value' }] };
  return { startOffset: best, endOffset: best + text.length };
}
