import type { Decision, ProposedChangeDto } from '../api';
import { useAction } from '../hooks/use-action';
import { ErrorNotice } from './error-notice';
import { StatusBadge } from './status-badge';

interface Props {
  /** The change's decision (pending until decided; an undecided change of a decided operation shows its operation's). */
  decision: NonNullable<ProposedChangeDto['decision']>;
  /** The caller may review and the set is awaiting approval: a change may then be decided again. */
  canDecide: boolean;
  onDecide: (decision: Decision) => Promise<unknown>;
  /** What is decided, for the buttons' accessible names ("Short Description (global) in cop-enrich-1"). */
  subject: string;
}

/**
 * Approve / reject one change (attribute × scope). The pressed button shows the decision taken;
 * pressing the other changes it while the set is in review.
 */
export function ChangeDecisionControls({ decision, canDecide, onDecide, subject }: Props) {
  const { run, busy, error, clearError } = useAction(onDecide);
  return (
    <div className="decision decision--change">
      <StatusBadge status={decision} />
      {canDecide && (
        <div role="group" aria-label={`Decide ${subject}`} className="decision__buttons">
          <button
            type="button"
            className="button button--small button--approve"
            aria-pressed={decision === 'approved'}
            disabled={busy}
            onClick={() => void run('approve')}
            aria-label={`Approve ${subject}`}
            aria-keyshortcuts="a"
          >
            Approve
          </button>
          <button
            type="button"
            className="button button--small button--reject"
            aria-pressed={decision === 'rejected'}
            disabled={busy}
            onClick={() => void run('reject')}
            aria-label={`Reject ${subject}`}
            aria-keyshortcuts="r"
          >
            Reject
          </button>
          {busy && (
            <span className="muted" role="status">
              Saving…
            </span>
          )}
        </div>
      )}
      <ErrorNotice error={error} action={`Deciding ${subject}`} onDismiss={clearError} />
    </div>
  );
}
