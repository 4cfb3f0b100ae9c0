import type { ChangeSetDto, Decision } from '../../api';

export interface ToolbarProps {
  set: ChangeSetDto;
  canDecide: boolean;
  reviewNote: string;
  onReviewNote: (note: string) => void;
  bulkBusy: boolean;
  onBulk: (decision: Decision) => void;
  onRequestRevision: () => void;
  onResubmit?: () => void;
}

/** Decide every pending operation at once, request a revision, or (as the source) resubmit. */
export function Toolbar({ set, canDecide, reviewNote, onReviewNote, bulkBusy, onBulk, onRequestRevision, onResubmit }: ToolbarProps) {
  const pendingCount = set.operations.filter((operation) => operation.status === 'pending').length;
  if (!canDecide && !onResubmit) return null;
  return (
    <div className="toolbar" role="toolbar" aria-label="Change set actions">
      {canDecide && (
        <>
          <label className="toolbar__note">
            Review note
            <input value={reviewNote} onChange={(event) => onReviewNote(event.target.value)} placeholder="optional, for approve / reject all" maxLength={5000} />
          </label>
          <button type="button" className="button button--approve" disabled={bulkBusy || pendingCount === 0} onClick={() => onBulk('approve')}>
            Approve all pending ({pendingCount})
          </button>
          <button type="button" className="button button--reject" disabled={bulkBusy || pendingCount === 0} onClick={() => onBulk('reject')}>
            Reject all pending
          </button>
          <button type="button" className="button" onClick={onRequestRevision}>
            Request revision…
          </button>
        </>
      )}
      {onResubmit && (
        <button type="button" className="button button--primary" onClick={onResubmit}>
          Resubmit for approval
        </button>
      )}
    </div>
  );
}
