import type { AuditEntryDto } from '../../api';
import { formatDate, formatScope, formatValue, type ScopeNames } from '../../components/format';
import { Link, paths } from '../../routing/router';

/** The record's history, newest first: who, when, what, and each value's old → new. */
export function AuditTimeline({ entries, total, names }: { entries: readonly AuditEntryDto[]; total: number; names: ScopeNames }) {
  if (entries.length === 0) return <p className="muted">No history yet.</p>;
  return (
    <>
      <ol className="timeline">
        {entries.map((entry) => (
          <li key={entry.id} className={`timeline__entry timeline__entry--${entry.action}`}>
            <div className="timeline__meta">
              <span className={`badge badge--${entry.action}`}>{entry.action}</span> <code>{entry.userId}</code>{' '}
              <time dateTime={entry.timestamp} className="muted">
                {formatDate(entry.timestamp)}
              </time>
              {entry.changeSetId && (
                <span className="small">
                  {' '}
                  from <Link to={paths.changeSet(entry.changeSetId)}>{entry.changeSetId}</Link>
                  {entry.operationId && <code> {entry.operationId}</code>}
                </span>
              )}
            </div>
            {entry.changes.length > 0 && (
              <table className="table table--compact">
                <caption className="visually-hidden">Changes of this entry</caption>
                <thead>
                  <tr>
                    <th scope="col">Attribute</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Old</th>
                    <th scope="col">New</th>
                  </tr>
                </thead>
                <tbody>
                  {entry.changes.map((change, index) => (
                    <tr key={index}>
                      <td>
                        <code>{change.attributeAlias}</code>
                      </td>
                      <td>{formatScope(change.scope, names)}</td>
                      <td className="value value--old">{formatValue(change.oldValue)}</td>
                      <td className="value value--new">{formatValue(change.newValue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
      {total > entries.length && (
        <p className="muted small">
          Showing the latest {entries.length} of {total} entries.
        </p>
      )}
    </>
  );
}
