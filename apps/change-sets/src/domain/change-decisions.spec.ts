import type { ChangeDecision, OperationStatus } from '@sigma/contracts';
import { changeDecision, changesToApply, operationDecision, takenDecision, withDecisions } from './change-decisions';

const changes = (...decisions: (ChangeDecision | undefined)[]) => decisions.map((decision, index) => ({ attributeAlias: `a${index}`, ...(decision && { decision }) }));

describe('operationDecision: what per-change decisions make of their operation', () => {
  it('once every change is decided, one approved change approves the operation', () => {
    expect(operationDecision(changes('approved', 'rejected'))).toBe('approved');
    expect(operationDecision(changes('rejected', 'rejected', 'approved'))).toBe('approved');
    expect(operationDecision(changes('approved'))).toBe('approved');
  });

  it('every change rejected rejects it', () => {
    expect(operationDecision(changes('rejected', 'rejected'))).toBe('rejected');
    expect(operationDecision(changes('rejected'))).toBe('rejected');
  });

  it('otherwise it is still pending: a change undecided, even next to an approved one (apply writes only approved changes)', () => {
    expect(operationDecision(changes(undefined, undefined))).toBe('pending');
    expect(operationDecision(changes('approved', undefined))).toBe('pending');
    expect(operationDecision(changes('rejected', undefined, 'approved'))).toBe('pending');
    expect(operationDecision(changes('rejected', undefined))).toBe('pending');
    expect(operationDecision(changes('pending', 'rejected'))).toBe('pending');
    expect(operationDecision([])).toBe('pending');
  });
});

describe('changeDecision: a change as reads show it', () => {
  it('shows a decision taken on the change, whatever its operation says', () => {
    expect(changeDecision({ decision: 'rejected' }, 'approved')).toBe('rejected');
    expect(changeDecision({ decision: 'approved' }, 'applied')).toBe('approved');
  });

  it.each<[OperationStatus, ChangeDecision]>([
    ['pending', 'pending'],
    ['approved', 'approved'],
    ['applied', 'approved'],
    ['failed', 'approved'],
    ['rejected', 'rejected'],
  ])('an undecided change of a %s operation is %s', (status, expected) => {
    expect(changeDecision({}, status)).toBe(expected);
  });
});

describe('taking decisions', () => {
  it('a verb takes its decision', () => {
    expect(takenDecision('approve')).toBe('approved');
    expect(takenDecision('reject')).toBe('rejected');
  });

  it('withDecisions sets the decisions of the changes named by index and keeps the rest', () => {
    const decided = withDecisions(changes(undefined, 'approved', undefined), new Map([[1, 'rejected'], [2, 'approved']] as const));
    expect(decided.map((change) => change.decision)).toEqual([undefined, 'rejected', 'approved']);
    expect(decided.map((change) => change.attributeAlias)).toEqual(['a0', 'a1', 'a2']);
  });
});

describe('changesToApply: what apply writes of an approved operation', () => {
  it('drops the rejected changes and keeps approved and undecided ones, in order', () => {
    expect(changesToApply(changes('approved', 'rejected', undefined)).map((change) => change.attributeAlias)).toEqual(['a0', 'a2']);
  });

  it('keeps every change of an operation decided as a whole', () => {
    expect(changesToApply(changes(undefined, undefined))).toHaveLength(2);
  });
});
