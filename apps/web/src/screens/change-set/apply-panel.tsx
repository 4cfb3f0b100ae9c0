import type { ChangeSetDto } from '../../api';
import { useEffect, useState } from 'react';
import { useApp } from '../../app-context';
import { ErrorNotice } from '../../components/error-notice';
import { ApiError } from '../../api';
import { useAction } from '../../hooks/use-action';
import { Link, paths } from '../../routing/router';
import { operationOutcome } from './review-rows';

const POLL_MS = 400;
/** How long the page follows an apply that runs on after its answer (202, or a 504) before it asks the reviewer to reload. */
const FOLLOW_MS = 10 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Apply: a progress bar while it runs (the set's applyProgress, polled), then each operation's
 * result: applied, skipped, or an error with its reason.
 */
export function ApplyPanel({ set, onChanged }: { set: ChangeSetDto; onChanged: (set: ChangeSetDto) => void }) {
  const { api, can } = useApp();
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>(set.applyProgress);
  const apply = useAction(async () => {
    setProgress({ done: 0, total: set.operations.filter((operation) => operation.status === 'approved').length });
    try {
      try {
        await api.changeSets.apply(set.id);
      } catch (error) {
        // A 504 (the service did not answer in time) may still leave the apply running.
        if (!(error instanceof ApiError && error.status === 504)) throw error;
      }
      // A large set answers 202 while the apply goes on (status applying): follow it until it ends.
      const deadline = Date.now() + FOLLOW_MS;
      for (;;) {
        const fresh = await api.changeSets.get(set.id);
        if (fresh.status === 'applied' || fresh.status === 'partially_applied') break;
        if (Date.now() > deadline) throw new Error('The apply is still running; reload the page to see its result.');
        await sleep(POLL_MS);
      }
    } finally {
      // Success or not (e.g. 504 while it continues), show what the service has now.
      onChanged(await api.changeSets.get(set.id));
    }
  });
  useEffect(() => {
    if (!apply.busy) return;
    let stopped = false;
    const timer = setInterval(() => {
      api.changeSets.get(set.id).then(
        (fresh) => !stopped && fresh.applyProgress && setProgress(fresh.applyProgress),
        () => undefined, // the apply call itself reports failures
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, apply.busy, set.id]);

  const finished = set.status === 'applied' || set.status === 'partially_applied';
  if (set.status !== 'approved' && set.status !== 'applying' && !finished) return null;
  const result = set.applyResult;
  return (
    <section className="panel apply" aria-labelledby="apply-title">
      <h2 id="apply-title">Apply</h2>
      {set.status === 'approved' && can.review && !apply.busy && (
        <button type="button" className="button button--primary" onClick={() => void apply.run()}>
          Apply approved changes
        </button>
      )}
      {set.status === 'applying' && !apply.busy && <p role="status">Being applied… reload to follow it.</p>}
      {apply.busy && (
        <div role="status" className="apply__progress">
          <label htmlFor="apply-progress">
            Applying… {progress ? `${progress.done} of ${progress.total}` : ''}
          </label>
          <progress id="apply-progress" max={progress?.total || 1} value={progress?.done ?? 0} />
        </div>
      )}
      <ErrorNotice error={apply.error} action="Apply" onDismiss={apply.clearError} />
      {finished && (
        <>
          {result && (
            <p role="status">
              <strong>{result.applied}</strong> applied, <strong>{result.skipped}</strong> skipped, <strong>{result.errors.length}</strong> with errors.
            </p>
          )}
          <table className="table table--compact">
            <caption className="visually-hidden">Result per operation</caption>
            <thead>
              <tr>
                <th scope="col">Operation</th>
                <th scope="col">Record</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {set.operations.map((operation) => {
                const outcome = operationOutcome(set, operation);
                return (
                  <tr key={operation.id}>
                    <td>
                      <code>{operation.id}</code>
                    </td>
                    <td>{operation.entityId ? <Link to={paths.record(operation.entityId)}>{operation.entityName ?? operation.entityId}</Link> : 'new record'}</td>
                    <td>
                      <span className={`outcome outcome--${outcome.result}`}>{outcome.result}</span>
                      {outcome.reason && <span className="muted"> — {outcome.reason}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
