import type { ChangeSetDto, FeedbackSummary } from '../../api';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { useAction } from '../../hooks/use-action';
import { previewFeedback } from './review-rows';

export function FeedbackCounts({ summary }: { summary: FeedbackSummary }) {
  return (
    <dl className="feedback-counts">
      <div>
        <dt>Good</dt>
        <dd>{summary.good}</dd>
      </div>
      <div>
        <dt>Bad</dt>
        <dd>{summary.bad}</dd>
      </div>
      <div>
        <dt>Unrated</dt>
        <dd>{summary.unrated}</dd>
      </div>
      <div>
        <dt>Snippets</dt>
        <dd>{summary.snippets}</dd>
      </div>
    </dl>
  );
}

/** Shows the feedback summary the request will carry, then sends it with an optional message to the source. */
export function RevisionDialog({ set, open, onClose, onSend }: { set: ChangeSetDto; open: boolean; onClose: () => void; onSend: (message?: string) => Promise<unknown> }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState('');
  const send = useAction(async () => {
    await onSend(message.trim() || undefined);
    setMessage('');
    onClose();
  });
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal?.();
    if (!open && element.open) element.close();
  }, [open]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send.run();
  };
  const summary = previewFeedback(set);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="revision-title" onClose={onClose} onCancel={onClose}>
      <form onSubmit={submit}>
        <h2 id="revision-title">Request a revision</h2>
        <p>
          The source (<strong>{set.source.name}</strong>, {set.source.type}) gets this feedback summary and your message; the set waits for its resubmission.
        </p>
        <FeedbackCounts summary={summary} />
        <label htmlFor="revision-message">Message to the source</label>
        <textarea id="revision-message" rows={4} value={message} onChange={(event) => setMessage(event.target.value)} maxLength={5000} placeholder="optional" />
        <ErrorNotice error={send.error} action="Requesting the revision" onDismiss={send.clearError} />
        <div className="dialog__actions">
          <button type="submit" className="button button--primary" disabled={send.busy}>
            {send.busy ? 'Sending…' : 'Send revision request'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
