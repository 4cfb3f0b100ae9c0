import { ApiError } from '../api';
import { formatScope } from './format';

interface Issue {
  field: string;
  message: string;
  rule?: string;
}

/** Slots a completeness gate found empty (`details.missing` of a 422 gate-failed), as issues naming each attribute and scope. */
function missingSlotIssues(details: unknown): Issue[] {
  const missing = (details as { missing?: unknown } | undefined)?.missing;
  if (!Array.isArray(missing)) return [];
  return missing
    .filter((slot): slot is { attributeAlias: string; scope?: Record<string, string> } => typeof slot?.attributeAlias === 'string')
    .map((slot) => ({ field: `${slot.attributeAlias} (${formatScope(slot.scope)})`, message: 'missing', rule: 'required' }));
}

/** What went wrong, in words: the action, the server's message, and each field it concerns. */
export function describeError(error: unknown): { title: string; message: string; issues: Issue[] } {
  if (error instanceof ApiError) {
    const title = error.status === 0 ? 'No connection' : `${error.body.error || 'Error'} (${error.status}${error.code ? `, ${error.code}` : ''})`;
    const issues = [...error.issues.map(({ field, message, rule }) => ({ field, message, rule })), ...missingSlotIssues(error.body.details)];
    return { title, message: error.body.message, issues };
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
