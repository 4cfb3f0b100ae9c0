import type { AnnotationDto } from '../api';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AnnotatableText } from './annotatable-text';
import { textPieces } from './annotation-pieces';
import { wordDiff } from './word-diff';

const OLD = 'A classic shirt.';
const PROPOSED = 'Timeless Oxford weave in premium cotton...';

/** Selects `text` (its first occurrence) inside the proposed value as a mouse drag would, then releases the mouse. */
function selectText(container: HTMLElement, text: string, occurrence = 0) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  const full = nodes.map((node) => node.data).join('');
  let at = -1;
  for (let seen = 0; seen <= occurrence; seen++) at = full.indexOf(text, at + 1);
  const locate = (offset: number) => {
    for (const node of nodes) {
      if (offset <= node.data.length) return { node, offset };
      offset -= node.data.length;
    }
    throw new Error('offset outside the text');
  };
  const start = locate(at);
  const end = locate(at + text.length);
  const range = document.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  const selection = window.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  fireEvent.mouseUp(container);
}

const annotation = (over: Partial<AnnotationDto>): AnnotationDto => ({
  id: 'snip_1',
  operationId: 'cop-enrich-1',
  attributeAlias: 'short-description',
  scope: {},
  text: 'premium cotton',
  startOffset: 25,
  endOffset: 39,
  sentiment: 'good',
  createdBy: 'user-reviewer',
  createdAt: '2025-03-01T12:00:00Z',
  ...over,
});

describe('AnnotatableText', () => {
  it('turns a selection in the proposed text into a snippet with offsets in the proposed value', async () => {
    const onAnnotate = vi.fn().mockResolvedValue(true);
    render(<AnnotatableText proposed={PROPOSED} oldText={OLD} annotations={[]} canAnnotate onAnnotate={onAnnotate} label="Proposed Short Description" />);
    selectText(screen.getByRole('group', { name: 'Proposed Short Description' }), 'premium cotton');
    const form = screen.getByRole('form', { name: 'Annotate Proposed Short Description' });
    expect((screen.getByLabelText('Snippet') as HTMLInputElement).value).toBe('premium cotton');
    fireEvent.click(screen.getByLabelText('bad'));
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'Say which cotton' } });
    fireEvent.submit(form);
    expect(onAnnotate).toHaveBeenCalledWith({ text: 'premium cotton', startOffset: 25, endOffset: 39, sentiment: 'bad', note: 'Say which cotton' });
    await vi.waitFor(() => expect(screen.queryByRole('form')).toBeNull());
  });

  it('does not count removed words, and drops the spaces a selection takes along', () => {
    const onAnnotate = vi.fn().mockResolvedValue(true);
    const proposed = 'Soft, breathable merino crew neck for year-round layering.';
    render(<AnnotatableText proposed={proposed} oldText="A soft merino sweater." annotations={[]} canAnnotate onAnnotate={onAnnotate} label="Proposed" />);
    const group = screen.getByRole('group', { name: 'Proposed' });
    // The struck-through old words ("sweater") sit between "merino " and "crew" in the page.
    expect(group.textContent).toContain('merino sweatercrew');
    selectText(group, ' merino sweatercrew neck ');
    fireEvent.submit(screen.getByRole('form'));
    const start = proposed.indexOf('merino');
    expect(onAnnotate).toHaveBeenCalledWith({ text: 'merino crew neck', startOffset: start, endOffset: start + 'merino crew neck'.length, sentiment: 'good' });
  });

  it('lets a keyboard user type the snippet instead, and says when it is not in the text', async () => {
    const onAnnotate = vi.fn().mockResolvedValue(true);
    render(<AnnotatableText proposed={PROPOSED} annotations={[]} canAnnotate onAnnotate={onAnnotate} label="Proposed" />);
    fireEvent.click(screen.getByRole('button', { name: 'Annotate a snippet…' }));
    fireEvent.change(screen.getByLabelText('Snippet'), { target: { value: 'linen' } });
    fireEvent.submit(screen.getByRole('form'));
    expect((await screen.findByRole('alert')).textContent).toBe('"linen" does not occur in the proposed text.');
    expect(onAnnotate).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Snippet'), { target: { value: 'Oxford weave' } });
    fireEvent.submit(screen.getByRole('form'));
    expect(onAnnotate).toHaveBeenCalledWith({ text: 'Oxford weave', startOffset: 9, endOffset: 21, sentiment: 'good' });
  });

  it('keeps the form open when the annotation was not stored', async () => {
    render(<AnnotatableText proposed={PROPOSED} annotations={[]} canAnnotate onAnnotate={vi.fn().mockResolvedValue(false)} label="Proposed" />);
    selectText(screen.getByRole('group', { name: 'Proposed' }), 'Oxford');
    fireEvent.submit(screen.getByRole('form'));
    await vi.waitFor(() => expect((screen.getByRole('button', { name: 'Save annotation' }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByRole('form')).toBeTruthy();
  });

  it('highlights stored annotations and offers nothing to a caller who may not annotate', () => {
    const onAnnotate = vi.fn();
    render(<AnnotatableText proposed={PROPOSED} oldText={OLD} annotations={[annotation({})]} canAnnotate={false} onAnnotate={onAnnotate} label="Proposed" />);
    const group = screen.getByRole('group', { name: 'Proposed' });
    expect([...group.querySelectorAll('.snippet--good')].map((element) => element.textContent).join('')).toBe('premium cotton');
    selectText(group, 'Oxford');
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('textPieces', () => {
  it('splits the diff at annotation boundaries and gives removed runs no proposed offsets', () => {
    const pieces = textPieces(wordDiff(OLD, PROPOSED), [annotation({})]);
    expect(pieces.map(({ kind, text, start, end, annotations }) => [kind, text, start, end, annotations.length])).toEqual([
      ['removed', 'A classic shirt', 0, 0, 0],
      ['added', 'Timeless Oxford weave in ', 0, 25, 0],
      ['added', 'premium cotton', 25, 39, 1],
      ['added', '..', 39, 41, 0],
      ['same', '.', 41, 42, 0],
    ]);
  });
});
