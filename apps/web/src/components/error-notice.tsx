import { ApiError } from '../api';

/** What went wrong, in words: the action, the server's message, and each field it concerns. */
export function describeError(error: unknown): { title: string; message: string; issues: { field: string; message: string; rule?: string }[] } {
  if (error instanceof ApiError) {
    const title = error.status === 0 ? 'No connection' : `${error.body.error || 'Error'} (${error.status}${error.code ? `, ${error.code}` : ''})`;
    return { title, message: error.body.message, issues: error.issues.map(({ field, message, rule }) => ({ field, message, rule })) };
  }
  if (error instanceof Error) return { title: 'Unexpected error', message: error.message, issues: [] };
  return { title: 'Unexpected error', message: String(error), issues: [] };
}

export function ErrorNotice({ error, action, onDismiss }: { error: unknown; action?: string; onDismiss?: () => void }) {
  if (error === undefined || error === null) return null;
  const { title, message, issues } = describeError(error);
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <strong>{action ? `${action} failed: ` : ''}</strong>
        {title}. {message}
      </p>
      {issues.length > 0 && (
        <ul className="notice__issues">
          {issues.map((issue, index) => (
            <li key={`${issue.field}-${index}`}>
              <code>{issue.field}</code>: {issue.message}
              {issue.rule ? <span className="muted"> ({issue.rule})</span> : null}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
