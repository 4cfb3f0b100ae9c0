import type { ChangeSetDto, OperationDto } from '../../api';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app-context';
import type { Decision } from '../../components/decision-controls';
import { ErrorNotice } from '../../components/error-notice';
import { formatDate, scopeNamesFrom } from '../../components/format';
import { StatusBadge } from '../../components/status-badge';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { useShortcuts } from '../../hooks/use-shortcuts';
import { Link, paths } from '../../routing/router';
import { ApplyPanel } from './apply-panel';
import type { ChangeHandlers } from './change-row';
import { MessageThread } from './message-thread';
import { OperationList, type OperationListHandle } from './operation-list';
import { FeedbackCounts, RevisionDialog } from './revision-dialog';
import { reviewRows } from './review-rows';
import { approveConfirmingStale } from './stale-approval';

const askReviewer = (question: string) => window.confirm(question);

/** One change set under review: its source and status, every proposed change, the thread, and the decisions. */
export function ChangeSetPage({ id }: { id: string }) {
  const { api, session, can } = useApp();
  const changeSet = useResource(() => api.changeSets.get(id), [api, id]);
  const dimensions = useResource(() => api.workspace.dimensions(), [api]);
  const names = useMemo(() => scopeNamesFrom(dimensions.data), [dimensions.data]);
  const [current, setCurrent] = useState(-1);
  const [revisionOpen, setRevisionOpen] = useState(false);
  const [reviewNote, setReviewNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<OperationListHandle>(null);
  const set = changeSet.data;
  const { set: replace, reload } = changeSet;
  // A review call answers a set of more than 200 operations without them (operationsOmitted): read it again instead.
  const update = useCallback((next: ChangeSetDto) => (next.operationsOmitted ? void reload() : replace(next)), [replace, reload]);

  const pending = set?.status === 'pending_approval';
  const canDecide = can.review && pending;
  const changes = useMemo(() => (set ? reviewRows(set.operations).flatMap((row) => (row.kind === 'change' ? [row] : [])) : []), [set]);

  const decide = useCallback(
    async (operation: OperationDto, decision: Decision) => {
      const next =
        decision === 'approve'
          ? await approveConfirmingStale((allowStale) => api.changeSets.approveOperation(id, operation.id, undefined, allowStale), askReviewer)
          : await api.changeSets.rejectOperation(id, operation.id);
      update(next);
      setAnnouncement(`${decision === 'approve' ? 'Approved' : 'Rejected'} operation ${operation.id}.`);
    },
    [api, id, update],
  );
  const handlers: ChangeHandlers = useMemo(
    () => ({
      rate: async (operation, change, rating) => update(await api.changeSets.rate(id, operation.id, change.attributeAlias, rating, change.scope)),
      annotate: async (operation, change, draft) => {
        await api.changeSets.annotate(id, operation.id, { attributeAlias: change.attributeAlias, scope: change.scope, ...draft });
        update(await api.changeSets.get(id));
      },
      deleteAnnotation: async (annotationId) => {
        await api.changeSets.deleteAnnotation(id, annotationId);
        update(await api.changeSets.get(id));
      },
    }),
    [api, id, update],
  );
  const keyDecision = useAction(async (decision: Decision) => {
    const change = changes[current];
    if (!change) throw new Error('Pick a change first: j / k move between changes.');
    if (change.operation.status !== 'pending') throw new Error(`Operation ${change.operation.id} is already ${change.operation.status}.`);
    await decide(change.operation, decision);
  });
  const bulk = useAction(async (decision: Decision) => {
    const note = reviewNote.trim() || undefined;
    update(
      decision === 'approve'
        ? await approveConfirmingStale((allowStale) => api.changeSets.approve(id, note, allowStale), askReviewer)
        : await api.changeSets.reject(id, note),
    );
    setReviewNote('');
    setAnnouncement(decision === 'approve' ? 'Approved every pending operation.' : 'Rejected every pending operation.');
  });
  const resubmit = useAction(async () => update(await api.changeSets.resubmit(id)));

  const move = (step: number) => {
    if (changes.length === 0) return;
    const next = current < 0 ? (step > 0 ? 0 : changes.length - 1) : Math.min(changes.length - 1, Math.max(0, current + step));
    setCurrent(next);
    list.current?.focusChange(next);
  };
  useShortcuts(
    {
      j: () => move(1),
      k: () => move(-1),
      a: () => canDecide && void keyDecision.run('approve'),
      r: () => canDecide && void keyDecision.run('reject'),
    },
    Boolean(set),
  );

  if (!set) {
    return (
      <section>
        <p>
          <Link to={paths.inbox()}>← Inbox</Link>
        </p>
        {changeSet.loading ? <p role="status">Loading change set…</p> : <ErrorNotice error={changeSet.error} action={`Loading change set ${id}`} />}
      </section>
    );
  }

  return (
    <section className="change-set" aria-labelledby="cs-title">
      <p className="breadcrumbs">
        <Link to={paths.inbox()}>← Inbox</Link>
      </p>
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
          <div>
            <dt>Revisions</dt>
            <dd>{set.revisionCount}</dd>
          </div>
          <div>
            <dt>Operations</dt>
            <dd>{set.operations.length}</dd>
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

      <Toolbar
        set={set}
        canDecide={canDecide}
        reviewNote={reviewNote}
        onReviewNote={setReviewNote}
        bulkBusy={bulk.busy}
        onBulk={(decision) => void bulk.run(decision)}
        onRequestRevision={() => setRevisionOpen(true)}
        onResubmit={can.propose && set.status === 'revision_requested' ? () => void resubmit.run() : undefined}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <ErrorNotice error={bulk.error} action="Deciding the whole set" onDismiss={bulk.clearError} />
      <ErrorNotice error={keyDecision.error} action="Keyboard decision" onDismiss={keyDecision.clearError} />
      <ErrorNotice error={resubmit.error} action="Resubmitting" onDismiss={resubmit.clearError} />
      <ErrorNotice error={changeSet.error} action="Refreshing the change set" />

      <div className="cs-body">
        <OperationList
          ref={list}
          operations={set.operations}
          current={current}
          onCurrent={setCurrent}
          canDecide={canDecide}
          canGiveFeedback={canDecide}
          names={names}
          decide={decide}
          handlers={handlers}
        />
        <aside className="cs-aside">
          <ApplyPanel set={set} onChanged={update} />
          <MessageThread changeSetId={set.id} status={set.status} version={`${set.updatedAt}:${set.status}`} />
        </aside>
      </div>
      <RevisionDialog
        set={set}
        open={revisionOpen}
        onClose={() => setRevisionOpen(false)}
        onSend={async (message) => update(await api.changeSets.requestRevision(id, session.userId, message))}
      />
    </section>
  );
}

interface ToolbarProps {
  set: ChangeSetDto;
  canDecide: boolean;
  reviewNote: string;
  onReviewNote: (note: string) => void;
  bulkBusy: boolean;
  onBulk: (decision: Decision) => void;
  onRequestRevision: () => void;
  onResubmit?: () => void;
}

function Toolbar({ set, canDecide, reviewNote, onReviewNote, bulkBusy, onBulk, onRequestRevision, onResubmit }: ToolbarProps) {
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
