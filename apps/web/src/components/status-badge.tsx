import { humanize } from './format';

/** A status as a labelled chip; the colour follows the status, the text always says it. */
export function StatusBadge({ status, className = '' }: { status: string; className?: string }) {
  return <span className={`badge badge--${status} ${className}`.trim()}>{humanize(status)}</span>;
}
