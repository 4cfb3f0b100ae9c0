import type { ChangeSetDto, Decision, OperationDto, ProposedChangeDto } from '../../api';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { scopeNamesFrom } from '../../components/format';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { useShortcuts } from '../../hooks/use-shortcuts';
import { Link, paths } from '../../routing/router';
import { ApplyPanel } from './apply-panel';
import { BulkDecisionForm } from './bulk-decision-form';
import { filterFromFields } from './bulk-filter';
import type { ChangeHandlers } from './change-row';
import { CompletenessSummary } from './completeness-view';
import { ChangeSetHeader } from './cs-header';
import { Toolbar } from './cs-toolbar';
import { MessageThread } from './message-thread';
import { OperationList, type OperationListHandle } from './operation-list';
import { RevisionDialog } from './revision-dialog';
import { RevisionTimeline, SinceLastReviewPanel } from './revision-timeline';
import { reviewRows } from './review-rows';
import { onlyMarked } from './since-last-review';
import { approveConfirmingStale } from './stale-approval';
import { useCompletenessPreview, useRevisions } from './use-review-context';

const askReviewer = (question: string) => window.confirm(question);
const changeLabel = (change: ProposedChangeDto) => change.attributeName ?? change.attributeAlias;

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
  const [onlyChanged, setOnlyChanged] = useState(false);
  const list = useRef<OperationListHandle>(null);
  const set = changeSet.data;
  const { set: replace, reload } = changeSet;
  const revisions = useRevisions(set);
  const completeness = useCompletenessPreview(set);
  // Decisions count as the reviewer's review of the revision they see ("changes since your last review").
  const rememberRef = useRef(revisions.remember);
  rememberRef.current = revisions.remember;
  // A review call answers a set of more than 200 operations without them (operationsOmitted): read it again instead.
  const update = useCallback((next: ChangeSetDto) => (next.operationsOmitted ? void reload() : replace(next)), [replace, reload]);
  const reviewed = useCallback(
    (next: ChangeSetDto, message?: string) => {
      rememberRef.current();
      update(next);
      if (message) setAnnouncement(message);
    },
    [update],
  );

  const pending = set?.status === 'pending_approval';
  const canDecide = can.review && pending;
  const visible = useMemo(
    () => (set && onlyChanged && revisions.marks ? onlyMarked(set.operations, revisions.marks) : (set?.operations ?? [])),
    [set, onlyChanged, revisions.marks],
  );
  const changes = useMemo(() => reviewRows(visible).flatMap((row) => (row.kind === 'change' ? [row] : [])), [visible]);

  const decide = useCallback(
    async (operation: OperationDto, decision: Decision) => {
      const next =
        decision === 'approve'
          ? await approveConfirmingStale((allowStale) => api.changeSets.approveOperation(id, operation.id, undefined, allowStale), askReviewer)
          : await api.changeSets.rejectOperation(id, operation.id);
      reviewed(next, `${decision === 'approve' ? 'Approved' : 'Rejected'} operation ${operation.id}.`);
    },
    [api, id, reviewed],
  );
  const decideChange = useCallback(
    async (operation: OperationDto, change: ProposedChangeDto, decision: Decision) => {
      const entry = { attributeAlias: change.attributeAlias, scope: change.scope ?? {} };
      const next =
        decision === 'approve'
          ? await approveConfirmingStale((allowStale) => api.changeSets.decideChanges(id, operation.id, [{ ...entry, decision }], allowStale), askReviewer)
          : await api.changeSets.decideChanges(id, operation.id, [{ ...entry, decision }]);
      reviewed(next, `${decision === 'approve' ? 'Approved' : 'Rejected'} ${changeLabel(change)} in ${operation.id}.`);
    },
    [api, id, reviewed],
  );
  const handlers: ChangeHandlers = useMemo(
    () => ({
      rate: async (operation, change, rating) => reviewed(await api.changeSets.rate(id, operation.id, change.attributeAlias, rating, change.scope)),
      annotate: async (operation, change, draft) => {
        await api.changeSets.annotate(id, operation.id, { attributeAlias: change.attributeAlias, scope: change.scope, ...draft });
        reviewed(await api.changeSets.get(id));
      },
      deleteAnnotation: async (annotationId) => {
        await api.changeSets.deleteAnnotation(id, annotationId);
        update(await api.changeSets.get(id));
      },
      decide: decideChange,
    }),
    [api, id, update, reviewed, decideChange],
  );
  const keyDecision = useAction(async (decision: Decision) => {
    const change = changes[current];
    if (!change) throw new Error('Pick a change first: j / k move between changes.');
    await decideChange(change.operation, change.change, decision);
  });
  const bulk = useAction(async (decision: Decision) => {
    const note = reviewNote.trim() || undefined;
    reviewed(
      decision === 'approve'
        ? await approveConfirmingStale((allowStale) => api.changeSets.approve(id, note, allowStale), askReviewer)
        : await api.changeSets.reject(id, note),
      decision === 'approve' ? 'Approved every pending operation.' : 'Rejected every pending operation.',
    );
    setReviewNote('');
  });
  const decideByFilter = useCallback(
    async (decision: Decision, fields: Parameters<typeof filterFromFields>[0], note?: string) => {
      const filter = filterFromFields(fields);
      const result =
        decision === 'approve'
          ? await approveConfirmingStale((allowStale) => api.changeSets.decideOperations(id, { decision, filter, reviewNote: note, allowStale }), askReviewer)
          : await api.changeSets.decideOperations(id, { decision, filter, reviewNote: note });
      rememberRef.current();
      // The answer carries counts only: read the operations again.
      await reload();
      return result;
    },
    [api, id, reload],
  );
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
      <ChangeSetHeader set={set} />

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
      {canDecide && <BulkDecisionForm operations={set.operations} dimensions={dimensions.data} onDecide={decideByFilter} />}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <ErrorNotice error={bulk.error} action="Deciding the whole set" onDismiss={bulk.clearError} />
      <ErrorNotice error={keyDecision.error} action="Keyboard decision" onDismiss={keyDecision.clearError} />
      <ErrorNotice error={resubmit.error} action="Resubmitting" onDismiss={resubmit.clearError} />
      <ErrorNotice error={changeSet.error} action="Refreshing the change set" />
      {revisions.since && (
        <SinceLastReviewPanel
          since={revisions.since}
          diff={revisions.diff.data}
          error={revisions.diff.error}
          onlyChanged={onlyChanged}
          onOnlyChanged={(only) => {
            setOnlyChanged(only);
            setCurrent(-1);
          }}
        />
      )}

      <div className="cs-body">
        <OperationList
          ref={list}
          operations={visible}
          current={current}
          onCurrent={setCurrent}
          canDecide={canDecide}
          canGiveFeedback={canDecide}
          names={names}
          decide={decide}
          handlers={handlers}
          marks={revisions.marks}
          previews={completeness.previews}
          stateName={completeness.stateName}
        />
        <aside className="cs-aside">
          <ApplyPanel set={set} onChanged={update} />
          <CompletenessSummary page={completeness.preview.data} error={completeness.preview.error} stateName={completeness.stateName} />
          <RevisionTimeline revisions={revisions.revisions.data} current={set.revision} error={revisions.revisions.error} />
          <MessageThread changeSetId={set.id} status={set.status} version={`${set.updatedAt}:${set.status}`} />
        </aside>
      </div>
      <RevisionDialog
        set={set}
        open={revisionOpen}
        onClose={() => setRevisionOpen(false)}
        onSend={async (message) => reviewed(await api.changeSets.requestRevision(id, session.userId, message))}
      />
    </section>
  );
}
