import type { CompletenessDto, RecordDto, TransitionDto, WorkflowDto } from '../../api';
import { useMemo } from 'react';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { formatDate, formatScope, formatValue, type ScopeNames, scopeNamesFrom } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { Link, paths } from '../../routing/router';
import { mayRunTransition } from '../../session/session';
import { AuditTimeline } from './audit-timeline';
import { ValuesGrid } from './values-grid';

const AUDIT_LIMIT = 50;

/** A record: its values, completeness per lifecycle state, history, incoming changes and the transitions the caller may run. */
export function RecordPage({ id }: { id: string }) {
  const { api } = useApp();
  const record = useResource(() => api.records.get(id), [api, id]);
  const schemaId = record.data?.schemaId;
  const version = record.data ? `${record.data.version}:${record.data.lifecycleStateId}` : '';
  const schema = useResource(async () => (schemaId ? api.workspace.schema(schemaId) : undefined), [api, schemaId]);
  const workflow = useResource(async () => (schemaId ? (await api.workspace.workflows(schemaId))[0] : undefined), [api, schemaId]);
  const dimensions = useResource(() => api.workspace.dimensions(), [api]);
  const names = useMemo(() => scopeNamesFrom(dimensions.data), [dimensions.data]);
  const completeness = useResource(
    async () => (workflow.data && version ? Promise.all(workflow.data.states.map((state) => api.records.completeness(id, state.id))) : []),
    [api, id, workflow.data, version],
  );
  const audit = useResource(() => api.records.audit(id, { order: 'desc', limit: AUDIT_LIMIT }), [api, id, version]);
  const pending = useResource(() => api.records.pendingChanges(id), [api, id, version]);
  const transitions = useResource(() => api.records.transitions(id), [api, id, version]);

  if (!record.data) {
    return (
      <section>
        <p>
          <Link to={paths.inbox()}>← Inbox</Link>
        </p>
        {record.loading ? <p role="status">Loading record…</p> : <ErrorNotice error={record.error} action={`Loading record ${id}`} />}
      </section>
    );
  }
  const data = record.data;
  const stateName = (stateId: string) => workflow.data?.states.find((state) => state.id === stateId)?.name ?? stateId;
  const current = completeness.data?.find((score) => score.lifecycleStateId === data.lifecycleStateId);
  const title = recordTitle(data, schema.data?.attributes.find((attribute) => attribute.dataType === 'text')?.alias);

  return (
    <section className="record" aria-labelledby="record-title">
      <p className="breadcrumbs">
        <Link to={paths.inbox()}>← Inbox</Link>
      </p>
      <header className="cs-header">
        <h1 id="record-title">
          {title} <StatusBadge status={stateName(data.lifecycleStateId)} className="badge--state" />
        </h1>
        <dl className="facts">
          <div>
            <dt>Id</dt>
            <dd>
              <code>{data.id}</code>
            </dd>
          </div>
          <div>
            <dt>Schema</dt>
            <dd>{schema.data?.name ?? data.schemaId}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{data.version}</dd>
          </div>
          <div>
            <dt>Updated</dt>
            <dd>
              {formatDate(data.updatedAt)} by <code>{data.updatedBy}</code>
            </dd>
          </div>
        </dl>
        <Transitions record={data} transitions={transitions.data ?? []} stateName={stateName} onMoved={record.set} />
        <ErrorNotice error={transitions.error} action="Loading the transitions" />
      </header>
      <ErrorNotice error={schema.error} action="Loading the schema" />
      <ErrorNotice error={workflow.error} action="Loading the workflow" />

      <div className="record-body">
        <div className="record-main">
          <h2>Values</h2>
          <ValuesGrid record={data} schema={schema.data} missing={current?.missing ?? []} names={names} />
          <h2>
            History <span className="muted">({audit.data?.total ?? '…'})</span>{' '}
            <button type="button" className="button button--small" onClick={() => void audit.reload()}>
              Refresh
            </button>
          </h2>
          <ErrorNotice error={audit.error} action="Loading the history" />
          {audit.data && <AuditTimeline entries={audit.data.items} total={audit.data.total} names={names} />}
        </div>
        <aside className="record-aside">
          <section className="panel" aria-labelledby="completeness-title">
            <h2 id="completeness-title">Completeness</h2>
            <ErrorNotice error={completeness.error} action="Scoring completeness" />
            <Completeness scores={completeness.data ?? []} workflow={workflow.data} currentStateId={data.lifecycleStateId} names={names} />
          </section>
          <section className="panel" aria-labelledby="pending-title">
            <h2 id="pending-title">Pending changes</h2>
            <ErrorNotice error={pending.error} action="Loading pending changes" />
            {pending.data?.length === 0 && <p className="muted">None.</p>}
            <ul className="plain-list">
              {(pending.data ?? []).map((item) => (
                <li key={`${item.changeSetId}:${item.operation.id}`}>
                  <Link to={paths.changeSet(item.changeSetId)}>{item.changeSetTitle}</Link> <StatusBadge status={item.operation.status} />
                  <div className="muted small">
                    {item.source.type} · {item.source.name} · <code>{item.operation.id}</code> ({item.operation.type})
                  </div>
                  <ul className="plain-list small">
                    {item.operation.changes.map((change, index) => (
                      <li key={index}>
                        <code>{change.attributeAlias}</code> ({formatScope(change.scope, names)}): {formatValue(change.oldValue)} → <strong>{formatValue(change.newValue)}</strong>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
    </section>
  );
}

/** The record's name as people know it: its first text attribute's global value, else its id. */
function recordTitle(record: RecordDto, titleAlias: string | undefined): string {
  const global = titleAlias ? record.values[titleAlias]?.find((value) => Object.keys(value.scope).length === 0) : undefined;
  return typeof global?.value === 'string' && global.value ? global.value : record.id;
}

function Completeness({ scores, workflow, currentStateId, names }: { scores: CompletenessDto[]; workflow?: WorkflowDto; currentStateId: string; names: ScopeNames }) {
  if (!workflow) return <p className="muted">No workflow for this schema.</p>;
  return (
    <ul className="completeness">
      {scores.map((score) => {
        const state = workflow.states.find((candidate) => candidate.id === score.lifecycleStateId);
        return (
          <li key={score.lifecycleStateId} className={score.lifecycleStateId === currentStateId ? 'completeness--current' : undefined}>
            <div className="completeness__head">
              <span>
                {state?.name ?? score.lifecycleStateId}
                {score.lifecycleStateId === currentStateId && <span className="muted"> (current)</span>}
              </span>
              <span>
                {score.percentage}% <span className="muted small">({score.filled}/{score.total})</span>
              </span>
            </div>
            <meter min={0} max={100} value={score.percentage} aria-label={`${state?.name ?? score.lifecycleStateId} completeness`} />
            {score.missing.length > 0 && (
              <details>
                <summary>{score.missing.length} missing</summary>
                <ul className="plain-list small">
                  {score.missing.map((slot) => (
                    <li key={`${slot.attributeAlias}:${formatScope(slot.scope)}`}>
                      <code>{slot.attributeAlias}</code> — {formatScope(slot.scope, names)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Transitions({ record, transitions, stateName, onMoved }: { record: RecordDto; transitions: TransitionDto[]; stateName: (id: string) => string; onMoved: (record: RecordDto) => void }) {
  const { api, session } = useApp();
  const run = useAction(async (transition: TransitionDto) => onMoved(await api.records.transition(record.id, transition.id)));
  const allowed = transitions.filter((transition) => mayRunTransition(session.roles, transition.allowedRoleIds));
  if (allowed.length === 0) return null;
  return (
    <div className="toolbar" role="toolbar" aria-label="Lifecycle transitions">
      {allowed.map((transition) => (
        <button key={transition.id} type="button" className="button" disabled={run.busy} onClick={() => void run.run(transition)}>
          {transition.name} <span className="muted">→ {stateName(transition.toStateId)}</span>
          {transition.requiresCompleteness && <span className="muted small"> (needs 100%)</span>}
        </button>
      ))}
      <ErrorNotice error={run.error} action="The transition" onDismiss={run.clearError} />
    </div>
  );
}
