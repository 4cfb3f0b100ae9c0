import type { AnnotationDto } from '../api';
import type { DiffPart } from './word-diff';

/**
 * One run of the proposed text as shown: `start`/`end` are offsets in the proposed value (a removed
 * run shows old text and occupies no proposed offsets: start === end), `annotations` the snippets
 * covering it.
 */
export interface TextPiece {
  kind: DiffPart['kind'];
  text: string;
  start: number;
  end: number;
  annotations: AnnotationDto[];
}

/** Splits the diff of the proposed value at every annotation boundary. */
export function textPieces(parts: readonly DiffPart[], annotations: readonly AnnotationDto[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  let offset = 0;
  for (const part of parts) {
    if (part.kind === 'removed') {
      pieces.push({ kind: 'removed', text: part.text, start: offset, end: offset, annotations: [] });
      continue;
    }
    const partEnd = offset + part.text.length;
    const cuts = new Set<number>([offset, partEnd]);
    for (const annotation of annotations) {
      for (const cut of [annotation.startOffset, annotation.endOffset]) if (cut > offset && cut < partEnd) cuts.add(cut);
    }
    const sorted = [...cuts].sort((x, y) => x - y);
    for (let index = 0; index < sorted.length - 1; index++) {
      const start = sorted[index];
      const end = sorted[index + 1];
      pieces.push({
        kind: part.kind,
        text: part.text.slice(start - offset, end - offset),
        start,
        end,
        annotations: annotations.filter((annotation) => annotation.startOffset < end && annotation.endOffset > start),
      });
    }
    offset = partEnd;
  }
  return pieces;
}

/** The element that carries a piece's proposed offset, for a node inside it. */
function pieceElement(node: Node | null, container: Element): HTMLElement | null {
  let current: Node | null = node;
  while (current && current !== container) {
    if (current instanceof HTMLElement && current.dataset.start !== undefined) return current;
    current = current.parentNode;
  }
  return null;
}

/** Offset in the proposed value of a selection boundary (node + offset, as the DOM gives it). */
export function proposedOffset(container: Element, node: Node, nodeOffset: number): number | undefined {
  const piece = pieceElement(node, container);
  if (piece) {
    const start = Number(piece.dataset.start);
    const end = Number(piece.dataset.end);
    if (piece.dataset.kind === 'removed') return start;
    if (node.nodeType === Node.TEXT_NODE) return Math.min(end, start + nodeOffset);
    return nodeOffset === 0 ? start : end;
  }
  // A boundary on the container itself: before child `nodeOffset`.
  if (node === container) {
    const pieces = [...container.querySelectorAll<HTMLElement>('[data-start]')];
    const next = pieces.find((element) => container.childNodes[nodeOffset]?.contains(element));
    if (next) return Number(next.dataset.start);
    const last = pieces[pieces.length - 1];
    return last ? Number(last.dataset.end) : 0;
  }
  return undefined;
}

export interface SelectedSnippet {
  text: string;
  startOffset: number;
  endOffset: number;
}

/** The selected part of the proposed value, or undefined when the selection is empty or leaves the container. */
export function selectedSnippet(container: Element, selection: Selection | null, proposed: string): SelectedSnippet | undefined {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return undefined;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return undefined;
  const start = proposedOffset(container, range.startContainer, range.startOffset);
  const end = proposedOffset(container, range.endContainer, range.endOffset);
  if (start === undefined || end === undefined) return undefined;
  const [from, to] = start <= end ? [start, end] : [end, start];
  // Selections by double-click often take the trailing space; a snippet is the words.
  const raw = proposed.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trail = raw.length - raw.trimEnd().length;
  const startOffset = from + lead;
  const endOffset = to - trail;
  if (endOffset <= startOffset) return undefined;
  return { text: proposed.slice(startOffset, endOffset), startOffset, endOffset };
}
