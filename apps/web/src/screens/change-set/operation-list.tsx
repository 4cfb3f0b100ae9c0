import type { OperationCompletenessPreview, OperationDto } from '../../api';
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { type Decision, DecisionControls } from '../../components/decision-controls';
import type { ScopeNames } from '../../components/format';
import { Link, paths } from '../../routing/router';
import { type ChangeHandlers, ChangeRow } from './change-row';
import { OperationCompletenessEffect } from './completeness-view';
import { reviewRows } from './review-rows';
import { markOf, type SinceMarks } from './since-last-review';

interface Props {
  operations: readonly OperationDto[];
  /** Ordinal of the current change (j/k), or -1. */
  current: number;
  onCurrent: (ordinal: number) => void;
  canDecide: boolean;
  canGiveFeedback: boolean;
  names: ScopeNames;
  decide: (operation: OperationDto, decision: Decision) => Promise<unknown>;
  handlers: ChangeHandlers;
  /** Changes since the revision compared with, highlighted. */
  marks?: SinceMarks;
  /** Completeness before → after, per operation id. */
  previews: ReadonlyMap<string, OperationCompletenessPreview>;
  stateName: (id: string) => string;
}

export interface OperationListHandle {
  /** Scrolls the change into view and moves focus to it. */
  focusChange: (ordinal: number) => void;
}

/**
 * Operations grouped by record, one row per record, operation and change. Only the rows in view
 * (plus a few) are in the DOM, so sets of thousands of operations scroll smoothly.
 */
export const OperationList = forwardRef<OperationListHandle, Props>(function OperationList(
  { operations, current, onCurrent, canDecide, canGiveFeedback, names, decide, handlers, marks, previews, stateName },
  ref,
) {
  const rows = useMemo(() => reviewRows(operations), [operations]);
  const rowOfChange = useMemo(() => rows.flatMap((row, index) => (row.kind === 'change' ? [index] : [])), [rows]);
  const scroller = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | undefined>(undefined);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index].kind === 'change' ? 120 : 40),
    getItemKey: (index) => rows[index].key,
    overscan: 6,
  });

  const focusRendered = (ordinal: number) => {
    const element = scroller.current?.querySelector<HTMLElement>(`[data-ordinal="${ordinal}"]`);
    if (!element) return false;
    element.focus({ preventScroll: false });
    return true;
  };

  useImperativeHandle(ref, () => ({
    focusChange(ordinal: number) {
      const rowIndex = rowOfChange[ordinal];
      if (rowIndex === undefined) return;
      virtualizer.scrollToIndex(rowIndex, { align: 'auto' });
      if (!focusRendered(ordinal)) pendingFocus.current = ordinal;
    },
  }));

  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (pendingFocus.current !== undefined && focusRendered(pendingFocus.current)) pendingFocus.current = undefined;
  });

  return (
    <div ref={scroller} className="op-list" role="region" aria-label={`Operations (${operations.length})`} tabIndex={-1}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={`op-list__row op-list__row--${row.kind}`}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
            >
              {row.kind === 'record' && (
                <h3 className="record-head">
                  {row.entityId ? <Link to={paths.record(row.entityId)}>{row.name}</Link> : <span>{row.name}</span>}
                  {row.sku && <span className="muted"> · {row.sku}</span>}
                  {row.entityId && <code className="muted small"> {row.entityId}</code>}
                  <span className="muted small">
                    {' '}
                    · {row.schemaId} · {row.operationCount} operation{row.operationCount === 1 ? '' : 's'}
                  </span>
                </h3>
              )}
              {row.kind === 'operation' && (
                <div className="op-head">
                  <span className={`op-type op-type--${row.operation.type}`}>{row.operation.type}</span>
                  <code>{row.operation.id}</code>
                  <DecisionControls
                    status={row.operation.status}
                    canDecide={canDecide}
                    subject={`operation ${row.operation.id}`}
                    onDecide={(decision) => decide(row.operation, decision)}
                  />
                  {row.operation.reviewNote && <span className="muted">Note: {row.operation.reviewNote}</span>}
                  <OperationCompletenessEffect item={previews.get(row.operation.id)} stateName={stateName} />
                  {row.operation.error && (
                    <span className="op-error">
                      Error: {row.operation.error.message} ({row.operation.error.code})
                    </span>
                  )}
                </div>
              )}
              {row.kind === 'change' && (
                <article
                  className={`change-card${row.ordinal === current ? ' change-card--current' : ''}${markOf(marks, row.operation, row.change) ? ' change-card--since' : ''}`}
                  data-ordinal={row.ordinal}
                  tabIndex={-1}
                  aria-current={row.ordinal === current ? 'true' : undefined}
                  aria-label={`Change ${row.ordinal + 1}: ${row.change.attributeName ?? row.change.attributeAlias} in ${row.operation.id}`}
                  onFocus={() => onCurrent(row.ordinal)}
                >
                  <ChangeRow
                    operation={row.operation}
                    change={row.change}
                    canGiveFeedback={canGiveFeedback}
                    canDecide={canDecide}
                    names={names}
                    handlers={handlers}
                    mark={markOf(marks, row.operation, row.change)}
                  />
                </article>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
