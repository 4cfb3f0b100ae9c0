import type { ApplyProgress, ChangeSetDto } from '../../api';
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { ApiError } from '../../api';
import { useAction } from '../../hooks/use-action';
import { isApplyFinished, laterProgress, progressLabel } from './apply-progress';
import { ApplyResultTable } from './apply-result';

const POLL_MS = 500;
/** How long the page follows an apply that runs on after its answer (202, or a 504) before it asks the reviewer to reload. */
const FOLLOW_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Apply: a progress bar from the set's applyProgress while it runs (polled, also for an apply
 * started elsewhere or before a reload), then each operation's result: applied, skipped, or an
 * error with its reason.
 */
export function ApplyPanel({ set, onChanged }: { set: ChangeSetDto; onChanged: (set: ChangeSetDto) => void }) {
  const { api, can } = useApp();
  const [progress, setProgress] = useState<ApplyProgress | undefined>(set.applyProgress);
  const [pollError, setPollError] = useState<unknown>();
  const latest = useRef(onChanged);
  latest.current = onChanged;
  const apply = useAction(async () => {
    setProgress(undefined);
    try {
      try {
        const answer = await api.changeSets.apply(set.id);
        if (!answer.accepted) return;
        setProgress((previous) => laterProgress(previous, answer.progress));
      } catch (error) {
        // A 504 (the service did not answer in time) may still leave the apply running.
        if (!(error instanceof ApiError && error.status === 504)) throw error;
      }
      // 202: the apply goes on (status applying); follow it until it ends.
      const deadline = Date.now() + FOLLOW_MS;
      let shown = set.status;
      for (;;) {
        const fresh = await api.changeSets.status(set.id);
        setProgress((previous) => laterProgress(previous, fresh.applyProgress));
        if (isApplyFinished(fresh.status)) break;
        // The page shows the set `applying` while it runs on.
        if (fresh.status !== shown) {
          shown = fresh.status;
          onChanged(fresh);
        }
        if (Date.now() > deadline) throw new Error('The apply is still running; reload the page to see its result.');
        await sleep(POLL_MS);
      }
    } finally {
      // Success or not (e.g. 504 while it continues), show what the service has now.
      onChanged(await api.changeSets.get(set.id));
    }
  });

  // While the apply request is open (quick applies answer at the end) or the set is applying
  // (after a 202, a reload, or an apply started by someone else): poll its progress.
  const watching = apply.busy || set.status === 'applying';
  const busyRef = useRef(apply.busy);
  busyRef.current = apply.busy;
  useEffect(() => {
    if (!watching) return;
    let stopped = false;
    const timer = setInterval(() => {
      api.changeSets.status(set.id).then(
        (fresh) => {
          if (stopped) return;
          setPollError(undefined);
          setProgress((previous) => laterProgress(previous, fresh.applyProgress));
          // Nobody else follows an apply this page did not start: show its end here.
          if (!busyRef.current && fresh.status !== 'applying') latest.current(fresh);
        },
        (error: unknown) => !stopped && setPollError(error),
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, watching, set.id]);

  const finished = isApplyFinished(set.status);
  if (set.status !== 'approved' && set.status !== 'applying' && !finished) return null;
  const expected = set.operationSummary?.approved ?? set.operations.filter((operation) => operation.status === 'approved').length;
  const shown = progress ?? set.applyProgress;
  return (
    <section className="panel apply" aria-labelledby="apply-title">
      <h2 id="apply-title">Apply</h2>
      {set.status === 'approved' && can.review && !apply.busy && (
        <button type="button" className="button button--primary" onClick={() => void apply.run()}>
          Apply approved changes
        </button>
      )}
      {watching && (
        <div role="status" className="apply__progress">
          <label htmlFor="apply-progress">Applying… {progressLabel(shown, expected)}</label>
          <progress id="apply-progress" max={shown?.total || 1} value={shown?.done ?? 0} />
        </div>
      )}
      <ErrorNotice error={apply.error} action="Apply" onDismiss={apply.clearError} />
      <ErrorNotice error={pollError} action="Following the apply" onDismiss={() => setPollError(undefined)} />
      {finished && <ApplyResultTable set={set} />}
    </section>
  );
}
