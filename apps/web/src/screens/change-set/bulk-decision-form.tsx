import type { DecideOperationsResult, Decision, DimensionDto, OperationDto } from '../../api';
import { type FormEvent, useMemo, useState } from 'react';
import { ErrorNotice } from '../../components/error-notice';
import { useAction } from '../../hooks/use-action';
import { type BulkFilterFields, describeFilter, describeOutcome, EMPTY_FILTER, filterFromFields } from './bulk-filter';

interface Props {
  /** The set's operations as read (their attributes and records fill the pickers). */
  operations: readonly OperationDto[];
  dimensions: readonly DimensionDto[] | undefined;
  onDecide: (decision: Decision, fields: BulkFilterFields, reviewNote?: string) => Promise<DecideOperationsResult>;
}

/** Segments by id; an id used by two dimensions (seg-de: German, Germany) is listed once with both names. */
function segmentOptions(dimensions: readonly DimensionDto[] = []) {
  const names = new Map<string, string[]>();
  for (const dimension of dimensions) for (const segment of dimension.segments) names.set(segment.id, [...(names.get(segment.id) ?? []), segment.name]);
  return [...names].map(([id, labels]) => ({ id, label: labels.join(' / ') }));
}

/** "Approve all matching…": decides every pending operation matching a filter, and shows the counts the API answered. */
export function BulkDecisionForm({ operations, dimensions, onDecide }: Props) {
  const [fields, setFields] = useState<BulkFilterFields>(EMPTY_FILTER);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<string>();
  const attributes = useMemo(() => {
    const byAlias = new Map<string, string>();
    for (const operation of operations) for (const change of operation.changes) byAlias.set(change.attributeAlias, change.attributeName ?? change.attributeAlias);
    return [...byAlias].sort(([a], [b]) => a.localeCompare(b));
  }, [operations]);
  const records = useMemo(() => {
    const byId = new Map<string, string>();
    for (const operation of operations) if (operation.entityId) byId.set(operation.entityId, operation.entityName ?? operation.entityId);
    return [...byId].sort(([a], [b]) => a.localeCompare(b));
  }, [operations]);
  const segments = useMemo(() => segmentOptions(dimensions), [dimensions]);
  const decide = useAction(async (decision: Decision) => {
    setOutcome(undefined);
    const result = await onDecide(decision, fields, note.trim() || undefined);
    setOutcome(`${decision === 'approve' ? 'Approve' : 'Reject'} ${describeFilter(filterFromFields(fields))}: ${describeOutcome(result)}`);
  });
  const field = <K extends keyof BulkFilterFields>(key: K) => ({
    value: fields[key],
    onChange: (event: { target: { value: string } }) => setFields((previous) => ({ ...previous, [key]: event.target.value as BulkFilterFields[K] })),
  });
  // Enter in a field must not decide hundreds of operations: only the buttons do.
  const submit = (event: FormEvent<HTMLFormElement>) => event.preventDefault();

  return (
    <details className="bulk-form">
      <summary>Approve or reject all matching…</summary>
      <form onSubmit={submit} aria-label="Decide by filter">
        <div className="bulk-form__fields">
          <label>
            Type
            <select {...field('type')}>
              <option value="">any</option>
              <option value="create">create</option>
              <option value="update">update</option>
              <option value="delete">delete</option>
            </select>
          </label>
          <label>
            Attribute
            <select {...field('attributeAlias')}>
              <option value="">any</option>
              {attributes.map(([alias, name]) => (
                <option key={alias} value={alias}>
                  {name} ({alias})
                </option>
              ))}
            </select>
          </label>
          <label>
            Segment
            <select {...field('segment')}>
              <option value="">any</option>
              {segments.map(({ id, label }) => (
                <option key={id} value={id}>
                  {label} ({id})
                </option>
              ))}
            </select>
          </label>
          <label>
            Record
            <select {...field('entityId')}>
              <option value="">any</option>
              {records.map(([id, name]) => (
                <option key={id} value={id}>
                  {name} ({id})
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select {...field('status')}>
              <option value="">any</option>
              {(['pending', 'approved', 'rejected'] as const).map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          </label>
          <label>
            Stale
            <select {...field('stale')}>
              <option value="">any</option>
              <option value="yes">with a stale change</option>
              <option value="no">without</option>
            </select>
          </label>
          <label>
            Invalid
            <select {...field('invalid')}>
              <option value="">any</option>
              <option value="yes">with an invalid value</option>
              <option value="no">without</option>
            </select>
          </label>
          <label>
            Review note
            <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={5000} placeholder="optional" />
          </label>
        </div>
        <p className="muted small">Decides the pending operations matching every filter given ({describeFilter(filterFromFields(fields))}); changes decided one by one keep their decision.</p>
        <div className="bulk-form__actions">
          <button type="button" className="button button--approve" disabled={decide.busy} onClick={() => void decide.run('approve')}>
            Approve all matching
          </button>
          <button type="button" className="button button--reject" disabled={decide.busy} onClick={() => void decide.run('reject')}>
            Reject all matching
          </button>
          {decide.busy && (
            <span className="muted" role="status">
              Deciding…
            </span>
          )}
        </div>
        <p role="status" className="bulk-form__outcome">
          {outcome}
        </p>
        <ErrorNotice error={decide.error} action="Deciding by filter" onDismiss={decide.clearError} />
      </form>
    </details>
  );
}
