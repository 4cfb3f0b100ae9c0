import { CHANGE_SET_STATUSES, SOURCE_TYPES } from '@sigma/contracts';
import type { ChangeSetDto, ChangeSetStatus, SourceType } from '../../api';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { formatAge, formatDate, humanize } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { useResource } from '../../hooks/use-resource';
import { Link, paths, useNavigate } from '../../routing/router';

const PAGE_SIZE = 50;
const AGES = [
  ['', 'any age'],
  ['1', 'last 24 hours'],
  ['7', 'last 7 days'],
  ['30', 'last 30 days'],
] as const;

/** The set's age counts from submission (when it entered review), else from creation. */
export function setAgeDate(set: ChangeSetDto): string {
  return set.submittedAt ?? set.createdAt;
}

export function withinAge(set: ChangeSetDto, maxDays: number | undefined, now = Date.now()): boolean {
  return maxDays === undefined || now - new Date(setAgeDate(set)).getTime() <= maxDays * 86_400_000;
}

interface Filters {
  status: ChangeSetStatus | 'all';
  sourceType?: SourceType;
  schemaId?: string;
  maxDays?: number;
  offset: number;
}

function readFilters(query: URLSearchParams, reviewer: boolean): Filters {
  const status = query.get('status');
  const source = query.get('sourceType');
  const days = Number(query.get('age'));
  return {
    // A reviewer's own queue comes first: the sets awaiting approval.
    status: (CHANGE_SET_STATUSES as readonly string[]).includes(status ?? '') ? (status as ChangeSetStatus) : status === 'all' || !reviewer ? 'all' : 'pending_approval',
    sourceType: (SOURCE_TYPES as readonly string[]).includes(source ?? '') ? (source as SourceType) : undefined,
    schemaId: query.get('schemaId') || undefined,
    maxDays: days > 0 ? days : undefined,
    offset: Math.max(0, Number(query.get('offset')) || 0),
  };
}

function toQuery(filters: Filters): URLSearchParams {
  const query = new URLSearchParams();
  query.set('status', filters.status);
  if (filters.sourceType) query.set('sourceType', filters.sourceType);
  if (filters.schemaId) query.set('schemaId', filters.schemaId);
  if (filters.maxDays) query.set('age', String(filters.maxDays));
  if (filters.offset) query.set('offset', String(filters.offset));
  return query;
}

/** Change sets by status (with counts), source type, schema and age; newest first. */
export function Inbox({ query }: { query: URLSearchParams }) {
  const { api, can } = useApp();
  const navigate = useNavigate();
  const filters = readFilters(query, can.review);
  const key = toQuery(filters).toString();
  const apiFilter = { sourceType: filters.sourceType, schemaId: filters.schemaId };
  const stats = useResource(() => api.changeSets.stats(), [api]);
  const schemas = useResource(() => api.workspace.schemas(), [api]);
  const counts = useResource(async () => {
    const statuses = [...CHANGE_SET_STATUSES, 'all'] as const;
    const totals = await Promise.all(statuses.map((status) => api.changeSets.count({ ...apiFilter, ...(status !== 'all' && { status }) })));
    return Object.fromEntries(statuses.map((status, index) => [status, totals[index]])) as Record<ChangeSetStatus | 'all', number>;
  }, [api, filters.sourceType, filters.schemaId]);
  const list = useResource(
    () => api.changeSets.list({ ...apiFilter, ...(filters.status !== 'all' && { status: filters.status }), offset: filters.offset, limit: PAGE_SIZE }),
    [api, key],
  );
  const update = (change: Partial<Filters>) => navigate(paths.inbox(toQuery({ ...filters, offset: 0, ...change })));
  const tabs: (ChangeSetStatus | 'all')[] = ['pending_approval', ...CHANGE_SET_STATUSES.filter((status) => status !== 'pending_approval'), 'all'];
  const items = (list.data?.items ?? []).filter((set) => withinAge(set, filters.maxDays));

  return (
    <section className="inbox" aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">Change sets</h1>
        {stats.data && (
          <dl className="stats">
            <div>
              <dt>Awaiting approval</dt>
              <dd>{stats.data.pending}</dd>
            </div>
            <div>
              <dt>Approved this week</dt>
              <dd>{stats.data.approvedThisWeek}</dd>
            </div>
            <div>
              <dt>Applied</dt>
              <dd>{stats.data.totalApplied}</dd>
            </div>
            <div>
              <dt>Active sources</dt>
              <dd>{stats.data.activeSourceCount}</dd>
            </div>
          </dl>
        )}
      </div>
      <ErrorNotice error={stats.error} action="Loading the statistics" />
      <nav aria-label="Status" className="tabs">
        {tabs.map((status) => (
          <Link
            key={status}
            to={paths.inbox(toQuery({ ...filters, status, offset: 0 }))}
            className={`tab${filters.status === status ? ' tab--current' : ''}`}
            aria-current={filters.status === status ? 'page' : undefined}
          >
            {status === 'pending_approval' && can.review ? 'Your queue' : status === 'all' ? 'All' : humanize(status)}{' '}
            <span className="tab__count">{counts.data ? counts.data[status] : '…'}</span>
          </Link>
        ))}
      </nav>
      <ErrorNotice error={counts.error} action="Counting change sets" />
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Source type
          <select value={filters.sourceType ?? ''} onChange={(event) => update({ sourceType: (event.target.value || undefined) as SourceType | undefined })}>
            <option value="">any</option>
            {SOURCE_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Schema
          <select value={filters.schemaId ?? ''} onChange={(event) => update({ schemaId: event.target.value || undefined })}>
            <option value="">any</option>
            {(schemas.data ?? []).map((schema) => (
              <option key={schema.id} value={schema.id}>
                {schema.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Age
          <select value={filters.maxDays ? String(filters.maxDays) : ''} onChange={(event) => update({ maxDays: Number(event.target.value) || undefined })}>
            {AGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorNotice error={schemas.error} action="Loading the schemas" />
      <ErrorNotice error={list.error} action="Loading change sets" />
      <table className="table inbox__table">
        <caption className="visually-hidden">Change sets, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Source</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Operations
            </th>
            <th scope="col" className="num">
              Revision
            </th>
            <th scope="col">Schemas</th>
            <th scope="col">Age</th>
          </tr>
        </thead>
        <tbody>
          {items.map((set) => (
            <tr key={set.id}>
              <td>
                <Link to={paths.changeSet(set.id)}>{set.title}</Link>
                <div className="muted small">{set.id}</div>
              </td>
              <td>
                <span className={`source source--${set.source.type}`}>{set.source.type}</span> {set.source.name}
              </td>
              <td>
                <StatusBadge status={set.status} />
              </td>
              <td className="num">{set.operationCount ?? set.operations.length}</td>
              <td className="num">{set.revisionCount}</td>
              <td>{[...new Set(set.operations.map((operation) => operation.schemaId))].join(', ') || '—'}</td>
              <td title={formatDate(setAgeDate(set))}>{formatAge(setAgeDate(set))}</td>
            </tr>
          ))}
          {list.data && items.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No change sets match these filters.
              </td>
            </tr>
          )}
          {!list.data && list.loading && (
            <tr>
              <td colSpan={7} className="empty" role="status">
                Loading…
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {list.data && list.data.total > PAGE_SIZE && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button" disabled={filters.offset === 0} onClick={() => update({ ...filters, offset: Math.max(0, filters.offset - PAGE_SIZE) })}>
            Newer
          </button>
          <span>
            {filters.offset + 1}–{Math.min(filters.offset + PAGE_SIZE, list.data.total)} of {list.data.total}
          </span>
          <button type="button" className="button" disabled={filters.offset + PAGE_SIZE >= list.data.total} onClick={() => update({ ...filters, offset: filters.offset + PAGE_SIZE })}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
