import type { CompletenessPreviewPage, OperationCompletenessPreview } from '../../api';
import { ErrorNotice } from '../../components/error-notice';
import { effectLines, formatScore, recordsBecomingComplete } from './completeness-effect';

const ARROWS = { up: '↑', down: '↓', same: '=' } as const;

/** One operation's completeness effect: its record's state, then the states a completeness-gated transition leads to. */
export function OperationCompletenessEffect({ item, stateName }: { item: OperationCompletenessPreview | undefined; stateName: (id: string) => string }) {
  if (!item) return null;
  if (item.notPreviewed) {
    return <span className="effect effect--none muted small">Completeness: not previewed ({item.notPreviewed.message})</span>;
  }
  const lines = effectLines(item, stateName);
  return (
    <ul className="effect" aria-label={`Completeness effect of ${item.operationId}`}>
      {lines.map((line) => (
        <li key={line.transitionId ?? 'current'} className={`effect__line effect__line--${line.trend}`}>
          <span className="effect__state">{line.transitionId ? `→ ${line.state}` : line.state}</span> {formatScore(line.before)} → {formatScore(line.after)}{' '}
          <span aria-hidden="true">{ARROWS[line.trend]}</span>
        </li>
      ))}
    </ul>
  );
}

/** The set's completeness effect: records it would make complete per state, over the operations previewed. */
export function CompletenessSummary({ page, error, stateName }: { page: CompletenessPreviewPage | undefined; error: unknown; stateName: (id: string) => string }) {
  if (!page && !error) return null;
  const complete = page ? recordsBecomingComplete(page, stateName) : [];
  return (
    <section className="panel completeness-summary" aria-labelledby="completeness-summary-title">
      <h2 id="completeness-summary-title">Completeness effect</h2>
      <ErrorNotice error={error} action="Previewing completeness" />
      {page && (
        <>
          <p className="small">
            Records it would make complete{page.nextCursor ? ` (first ${page.items.length} of ${page.total} operations)` : ''}:
          </p>
          {complete.length === 0 ? (
            <p className="muted small">none</p>
          ) : (
            <ul className="completeness-summary__list">
              {complete.map(({ state, records }) => (
                <li key={state}>
                  <strong>{state}</strong>: {records} record{records === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          )}
          <p className="muted small">
            {page.summary.operations} operation{page.summary.operations === 1 ? '' : 's'} previewed; rejected changes do not count.
          </p>
        </>
      )}
    </section>
  );
}
