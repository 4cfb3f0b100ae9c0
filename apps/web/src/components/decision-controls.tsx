import type { OperationStatus, Rating } from '../api';
import { useAction } from '../hooks/use-action';
import { ErrorNotice } from './error-notice';
import { StatusBadge } from './status-badge';

export type Decision = 'approve' | 'reject';

interface DecisionProps {
  status: OperationStatus;
  /** The caller may review and the set is awaiting approval. */
  canDecide: boolean;
  onDecide: (decision: Decision) => Promise<unknown>;
  /** What is decided, for the buttons' accessible names ("operation cop-enrich-1"). */
  subject: string;
}

/** Approve / reject one operation: buttons only while it is pending and the caller may decide. */
export function DecisionControls({ status, canDecide, onDecide, subject }: DecisionProps) {
  const { run, busy, error, clearError } = useAction(onDecide);
  const open = canDecide && status === 'pending';
  return (
    <div className="decision">
      <StatusBadge status={status} />
      {open && (
        <>
          <button type="button" className="button button--approve" disabled={busy} onClick={() => void run('approve')} aria-label={`Approve ${subject}`} aria-keyshortcuts="a">
            Approve
          </button>
          <button type="button" className="button button--reject" disabled={busy} onClick={() => void run('reject')} aria-label={`Reject ${subject}`} aria-keyshortcuts="r">
            Reject
          </button>
          {busy && <span className="muted" role="status">Saving…</span>}
        </>
      )}
      <ErrorNotice error={error} action={`Deciding ${subject}`} onDismiss={clearError} />
    </div>
  );
}

interface RatingProps {
  rating?: Rating;
  canRate: boolean;
  onRate: (rating: Rating) => Promise<unknown>;
  subject: string;
}

/** Good / bad for one proposed change; pressed state shows the stored rating. Read-only callers see the rating as text. */
export function RatingControls({ rating, canRate, onRate, subject }: RatingProps) {
  const { run, busy, error, clearError } = useAction(onRate);
  if (!canRate) return rating ? <span className={`rating rating--${rating}`}>rated {rating}</span> : null;
  return (
    <div className="rating-controls" role="group" aria-label={`Rate ${subject}`}>
      {(['good', 'bad'] as const).map((value) => (
        <button
          key={value}
          type="button"
          className={`button button--small rating-button rating-button--${value}`}
          aria-pressed={rating === value}
          disabled={busy}
          onClick={() => void run(value)}
        >
          {value === 'good' ? 'Good' : 'Bad'}
        </button>
      ))}
      <ErrorNotice error={error} action={`Rating ${subject}`} onDismiss={clearError} />
    </div>
  );
}
