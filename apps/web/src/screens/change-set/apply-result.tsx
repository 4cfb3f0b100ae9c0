import type { ChangeSetDto } from '../../api';
import { Link, paths } from '../../routing/router';
import { operationOutcome } from './review-rows';

/** After an apply: the counts, then each operation's result (applied, skipped, or an error with its reason). */
export function ApplyResultTable({ set }: { set: ChangeSetDto }) {
  const result = set.applyResult;
  return (
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
  );
}
