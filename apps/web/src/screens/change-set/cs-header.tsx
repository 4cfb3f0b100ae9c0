import type { ChangeSetDto } from '../../api';
import { formatDate } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { FeedbackCounts } from './revision-dialog';

/** Title and status, the source, revision and counts, and the feedback of the last revision request. */
export function ChangeSetHeader({ set }: { set: ChangeSetDto }) {
  return (
    <header className="cs-header">
      <h1 id="cs-title">
        {set.title} <StatusBadge status={set.status} />
      </h1>
      <dl className="facts">
        <div>
          <dt>Source</dt>
          <dd>
            <span className={`source source--${set.source.type}`}>{set.source.type}</span> {set.source.name}
            {set.source.id && <code className="muted small"> {set.source.id}</code>}
          </dd>
        </div>
        {set.source.context && (
          <div>
            <dt>Context</dt>
            <dd>{set.source.context}</dd>
          </div>
        )}
        {set.revision !== undefined && set.revision > 0 && (
          <div>
            <dt>Revision</dt>
            <dd>{set.revision}</dd>
          </div>
        )}
        <div>
          <dt>Revisions</dt>
          <dd>{set.revisionCount}</dd>
        </div>
        <div>
          <dt>Operations</dt>
          <dd>{set.operationCount ?? set.operations.length}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            {formatDate(set.createdAt)} by <code>{set.createdBy}</code>
          </dd>
        </div>
        {set.submittedAt && (
          <div>
            <dt>Submitted</dt>
            <dd>{formatDate(set.submittedAt)}</dd>
          </div>
        )}
        <div>
          <dt>Id</dt>
          <dd>
            <code>{set.id}</code>
          </dd>
        </div>
      </dl>
      {set.operationsOmitted && (
        <p className="notice" role="note">
          This set has {set.operationCount} operations: the first {set.operations.length} are listed. Decide the others with “Approve or reject all
          matching…”.
        </p>
      )}
      {set.description && <p className="cs-description">{set.description}</p>}
      {set.reviewNote && <p className="muted">Review note: {set.reviewNote}</p>}
      {set.feedbackSummary && set.status !== 'pending_approval' && (
        <div className="feedback">
          <h2 className="small-heading">Feedback sent with the last revision request</h2>
          <FeedbackCounts summary={set.feedbackSummary} />
          {set.feedbackSummary.message && <p>“{set.feedbackSummary.message}”</p>}
        </div>
      )}
    </header>
  );
}
