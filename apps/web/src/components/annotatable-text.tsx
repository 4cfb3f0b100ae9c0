import type { AnnotationDto, Rating } from '../api';
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { type SelectedSnippet, selectedSnippet, textPieces } from './annotation-pieces';
import { type DiffPart, wordDiff } from './word-diff';

export interface AnnotationDraft extends SelectedSnippet {
  sentiment: Rating;
  note?: string;
}

interface Props {
  /** The proposed text value (offsets count in it). */
  proposed: string;
  /** The current text, when the change is a text edit: the proposal is shown as a word diff against it. */
  oldText?: string;
  annotations: readonly AnnotationDto[];
  canAnnotate: boolean;
  /** Resolves true when the annotation was stored. */
  onAnnotate: (draft: AnnotationDraft) => Promise<boolean>;
  label: string;
}

/** Finds a typed snippet in the proposed text (keyboard users type the words instead of selecting them). */
export function snippetFromText(proposed: string, text: string, near = 0): SelectedSnippet | undefined {
  const wanted = text.trim();
  if (!wanted) return undefined;
  let best = -1;
  for (let at = proposed.indexOf(wanted); at !== -1; at = proposed.indexOf(wanted, at + 1)) {
    if (best === -1 || Math.abs(at - near) < Math.abs(best - near)) best = at;
  }
  return best === -1 ? undefined : { text: wanted, startOffset: best, endOffset: best + wanted.length };
}

/**
 * The proposed value as a word diff (removed words struck through, added words marked), with the
 * existing snippet annotations highlighted. Selecting words opens the annotation form for them.
 */
export function AnnotatableText({ proposed, oldText, annotations, canAnnotate, onAnnotate, label }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState<{ snippet: string; selected?: SelectedSnippet } | undefined>();
  const [sentiment, setSentiment] = useState<Rating>('good');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const formId = useId();
  const parts: DiffPart[] = useMemo(
    () => (oldText === undefined ? [{ kind: 'same', text: proposed }] : wordDiff(oldText, proposed)),
    [oldText, proposed],
  );
  const pieces = useMemo(() => textPieces(parts, annotations), [parts, annotations]);

  const captureSelection = () => {
    if (!canAnnotate || !container.current) return;
    const selected = selectedSnippet(container.current, window.getSelection(), proposed);
    if (selected) {
      setDraft({ snippet: selected.text, selected });
      setProblem(undefined);
    }
  };

  const close = () => {
    setDraft(undefined);
    setNote('');
    setProblem(undefined);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const fromSelection = draft.selected && draft.selected.text === draft.snippet.trim() ? draft.selected : undefined;
    const snippet = fromSelection ?? snippetFromText(proposed, draft.snippet, draft.selected?.startOffset);
    if (!snippet) {
      setProblem(`"${draft.snippet}" does not occur in the proposed text.`);
      return;
    }
    setSaving(true);
    const stored = await onAnnotate({ ...snippet, sentiment, ...(note.trim() && { note: note.trim() }) });
    setSaving(false);
    if (stored) close();
  };

  return (
    <div className="annotatable">
      <div
        ref={container}
        className="proposed-text"
        aria-label={label}
        role="group"
        onMouseUp={captureSelection}
        onKeyUp={(event) => event.shiftKey && captureSelection()}
      >
        {pieces.map((piece, index) => {
          const annotated = piece.annotations.length > 0;
          const sentimentClass = annotated ? ` snippet snippet--${piece.annotations[0].sentiment}` : '';
          const title = annotated ? piece.annotations.map((a) => `${a.sentiment}${a.note ? `: ${a.note}` : ''}`).join('\n') : undefined;
          const common = { 'data-start': piece.start, 'data-end': piece.end, 'data-kind': piece.kind, title };
          if (piece.kind === 'removed') {
            return (
              <del key={index} {...common} className="diff-removed">
                {piece.text}
              </del>
            );
          }
          if (piece.kind === 'added') {
            return (
              <ins key={index} {...common} className={`diff-added${sentimentClass}`}>
                {piece.text}
              </ins>
            );
          }
          return (
            <span key={index} {...common} className={sentimentClass.trim() || undefined}>
              {piece.text}
            </span>
          );
        })}
      </div>
      {canAnnotate && !draft && (
        <button type="button" className="link-button" onClick={() => setDraft({ snippet: '' })}>
          Annotate a snippet…
        </button>
      )}
      {draft && (
        <form className="annotation-form" aria-label={`Annotate ${label}`} onSubmit={submit} id={formId}>
          <label>
            Snippet
            <input value={draft.snippet} onChange={(event) => setDraft({ ...draft, snippet: event.target.value })} required autoFocus />
          </label>
          <fieldset className="inline-fieldset">
            <legend>Sentiment</legend>
            {(['good', 'bad'] as const).map((value) => (
              <label key={value}>
                <input type="radio" name={`${formId}-sentiment`} value={value} checked={sentiment === value} onChange={() => setSentiment(value)} />
                {value}
              </label>
            ))}
          </fieldset>
          <label>
            Note
            <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="optional" />
          </label>
          <button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save annotation'}
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
          {problem && (
            <p role="alert" className="field-error">
              {problem}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
