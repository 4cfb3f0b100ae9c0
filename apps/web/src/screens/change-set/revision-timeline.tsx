import type { RevisionDiff, RevisionSummary } from '../../api';
import { ErrorNotice } from '../../components/error-notice';
import { formatDate } from '../../components/format';
import { describeDiff, newestFirst, type SinceLastReview } from './since-last-review';

/** Every submission of the set, newest first; the current one is marked. */
export function RevisionTimeline({ revisions, current, error }: { revisions: readonly RevisionSummary[] | undefined; current?: number; error: unknown }) {
  return (
    <section className="panel revisions" aria-labelledby="revisions-title">
      <h2 id="revisions-title">Revisions</h2>
      <ErrorNotice error={error} action="Loading the revisions" />
      {revisions && revisions.length === 0 && <p className="muted small">Not submitted yet.</p>}
      {revisions && revisions.length > 0 && (
        <ol className="revisions__list" reversed>
          {newestFirst(revisions).map((entry) => (
            <li key={entry.revision} aria-current={entry.revision === current ? 'step' : undefined}>
              <strong>Revision {entry.revision}</strong>
              {entry.revision === current && <span className="muted"> (current)</span>}
              <div className="muted small">
                {formatDate(entry.submittedAt)} by <code>{entry.submittedBy}</code> · {entry.operationCount} operation{entry.operationCount === 1 ? '' : 's'}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

interface SinceProps {
  since: SinceLastReview;
  diff: RevisionDiff | undefined;
  error: unknown;
  onlyChanged: boolean;
  onOnlyChanged: (only: boolean) => void;
}

/** What changed since the revision the reviewer last acted on (or the previous one), with a filter to show only that. */
export function SinceLastReviewPanel({ since, diff, error, onlyChanged, onOnlyChanged }: SinceProps) {
  const title = since.reviewed ? `Changes since your last review (revision ${since.base})` : `Changes since revision ${since.base}`;
  return (
    <section className="since-panel" aria-labelledby="since-title">
      <h2 id="since-title" className="small-heading">
        {title}
      </h2>
      <ErrorNotice error={error} action="Comparing the revisions" />
      {!diff && !error && (
        <p role="status" className="muted small">
          Comparing…
        </p>
      )}
      {diff && (
        <>
          <p>
            Revision {diff.to} against {diff.from}: {describeDiff(diff)}.{diff.truncated && ' (The list is shortened; the counts are complete.)'}
          </p>
          {diff.operationsRemoved.length > 0 && (
            <ul className="since-panel__removed" aria-label="Operations removed">
              {diff.operationsRemoved.map((entry) => (
                <li key={entry.operationId}>
                  <code>{entry.operationId}</code> removed ({entry.type}
                  {entry.entityId ? ` of ${entry.entityId}` : ''}, {entry.changeCount} change{entry.changeCount === 1 ? '' : 's'})
                </li>
              ))}
            </ul>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={onlyChanged} onChange={(event) => onOnlyChanged(event.target.checked)} /> Show only the changes since revision {diff.from}
          </label>
        </>
      )}
    </section>
  );
}
