import type { ChangeDecision, OperationStatus } from '@sigma/contracts';

/** A decision as stored on a change: only once taken. */
export type TakenDecision = Exclude<ChangeDecision, 'pending'>;

interface Decidable {
  decision?: ChangeDecision;
}

/**
 * The status an operation's change decisions give it: pending while any change is undecided (apply
 * writes exactly the approved changes, so none may go along undecided), then approved when at
 * least one change is approved, rejected when every change is.
 */
export function operationDecision(changes: readonly Decidable[]): 'approved' | 'rejected' | 'pending' {
  if (changes.length === 0 || changes.some((change) => change.decision !== 'approved' && change.decision !== 'rejected')) return 'pending';
  return changes.some((change) => change.decision === 'approved') ? 'approved' : 'rejected';
}

/**
 * A change's decision as reads show it: its own when taken, else its operation's. An operation
 * decided as a whole before changes carried decisions (or approved with changes left undecided)
 * decides them too (whole-operation decisions write each change's decision; older rows lack them).
 */
export function changeDecision(change: Decidable, operationStatus: OperationStatus): ChangeDecision {
  if (change.decision && change.decision !== 'pending') return change.decision;
  if (operationStatus === 'pending') return 'pending';
  return operationStatus === 'rejected' ? 'rejected' : 'approved';
}

/** The changes with the decisions at the given indexes taken (later requests replace earlier decisions). */
export function withDecisions<C extends Decidable>(changes: readonly C[], decisions: ReadonlyMap<number, TakenDecision>): C[] {
  return changes.map((change, index) => {
    const decision = decisions.get(index);
    return decision ? { ...change, decision } : change;
  });
}

/** The decision a reviewer's verb takes. */
export function takenDecision(verb: 'approve' | 'reject'): TakenDecision {
  return verb === 'approve' ? 'approved' : 'rejected';
}

/** What apply writes of an approved operation: every change but the rejected ones. */
export function changesToApply<C extends Decidable>(changes: readonly C[]): C[] {
  return changes.filter((change) => change.decision !== 'rejected');
}
