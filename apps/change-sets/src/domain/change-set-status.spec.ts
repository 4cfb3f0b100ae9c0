import { CHANGE_SET_STATUSES, type ChangeSetStatus, DomainError, ErrorCodes } from '@sigma/contracts';
import {
  allowChangeSetAction,
  type ChangeSetAction,
  ChangeSetStatusGroups,
  CHANGE_SET_TRANSITIONS,
  decideSet,
  INITIAL_CHANGE_SET_STATUS,
  nextChangeSetStatus,
  stampsOnEntering,
} from './change-set-status';

const ACTIONS = Object.keys(CHANGE_SET_TRANSITIONS) as ChangeSetAction[];
const allowedIn = (status: ChangeSetStatus) => ACTIONS.filter((action) => (CHANGE_SET_TRANSITIONS[action].from as readonly string[]).includes(status));

function conflictOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a conflict, nothing was thrown');
}

describe('the change-set status table', () => {
  // The machine as the API documents it: which actions each status allows.
  const EXPECTED_ALLOWED: Record<ChangeSetStatus, ChangeSetAction[]> = {
    draft: ['addOperations', 'replaceOperationChanges', 'removeOperation', 'delete', 'submit'],
    pending_approval: ['approve', 'reject', 'approveOperation', 'rejectOperation', 'decideChanges', 'decideOperations', 'rate', 'annotate', 'requestRevision', 'postMessage'],
    approved: ['postMessage', 'startApply', 'finishApply'],
    applying: ['postMessage', 'startApply', 'finishApply'],
    rejected: ['postMessage'],
    revision_requested: ['addOperations', 'replaceOperationChanges', 'removeOperation', 'resubmit', 'postMessage'],
    applied: ['postMessage', 'revert'],
    partially_applied: ['postMessage', 'revert'],
  };

  it.each(CHANGE_SET_STATUSES.map((status) => [status]))('allows exactly the documented actions in %s', (status) => {
    expect(allowedIn(status).sort()).toEqual([...EXPECTED_ALLOWED[status]].sort());
  });

  it.each([
    ['submit', 'draft', 'pending_approval'],
    ['resubmit', 'revision_requested', 'pending_approval'],
    ['reject', 'pending_approval', 'rejected'],
    ['requestRevision', 'pending_approval', 'revision_requested'],
    ['addOperations', 'draft', 'draft'],
    ['addOperations', 'revision_requested', 'revision_requested'],
    ['replaceOperationChanges', 'revision_requested', 'revision_requested'],
    ['removeOperation', 'draft', 'draft'],
    ['rate', 'pending_approval', 'pending_approval'],
    ['annotate', 'pending_approval', 'pending_approval'],
    ['postMessage', 'applied', 'applied'],
    ['postMessage', 'revision_requested', 'revision_requested'],
    ['startApply', 'approved', 'applying'],
    ['startApply', 'applying', 'applying'],
    ['revert', 'applied', 'applied'],
    ['revert', 'partially_applied', 'partially_applied'],
  ] as const)('%s from %s leads to %s', (action, from, to) => {
    expect(nextChangeSetStatus(action, from)).toBe(to);
  });

  it('every action not allowed is a 409 naming the action, the status and the allowed ones', () => {
    for (const status of CHANGE_SET_STATUSES) {
      for (const action of ACTIONS.filter((candidate) => !allowedIn(status).includes(candidate))) {
        const { verb, from } = CHANGE_SET_TRANSITIONS[action];
        const error = conflictOf(() => allowChangeSetAction(action, status));
        expect(error.code).toBe(ErrorCodes.conflict);
        expect(error.message).toBe(`Cannot ${verb} a change set in status '${status}' (allowed: ${from.join(', ')})`);
        expect(error.details).toEqual({ status, allowed: from });
      }
    }
  });

  it('keeps the message shape clients match on', () => {
    expect(conflictOf(() => nextChangeSetStatus('delete', 'applied')).message).toBe("Cannot delete a change set in status 'applied' (allowed: draft)");
    expect(conflictOf(() => allowChangeSetAction('approveOperation', 'draft')).message).toBe(
      "Cannot approve an operation of a change set in status 'draft' (allowed: pending_approval)",
    );
    expect(conflictOf(() => nextChangeSetStatus('postMessage', 'draft')).details).toEqual({
      status: 'draft',
      allowed: ['pending_approval', 'approved', 'applying', 'rejected', 'revision_requested', 'applied', 'partially_applied'],
    });
  });

  describe('decisions decide the set by the operations’ statuses after them', () => {
    it('stays pending_approval while an operation is pending', () => {
      expect(nextChangeSetStatus('approveOperation', 'pending_approval', { operationStatuses: ['approved', 'pending'] })).toBe('pending_approval');
      expect(nextChangeSetStatus('rejectOperation', 'pending_approval', { operationStatuses: ['rejected', 'pending'] })).toBe('pending_approval');
      expect(nextChangeSetStatus('decideChanges', 'pending_approval', { operationStatuses: ['approved', 'pending'] })).toBe('pending_approval');
    });

    it('is approved once none is pending and one is approved, rejected when all are rejected', () => {
      expect(nextChangeSetStatus('rejectOperation', 'pending_approval', { operationStatuses: ['approved', 'rejected'] })).toBe('approved');
      expect(nextChangeSetStatus('rejectOperation', 'pending_approval', { operationStatuses: ['rejected', 'rejected'] })).toBe('rejected');
      expect(nextChangeSetStatus('approve', 'pending_approval', { operationStatuses: ['approved', 'rejected'] })).toBe('approved');
      expect(nextChangeSetStatus('decideChanges', 'pending_approval', { operationStatuses: ['approved'] })).toBe('approved');
      expect(nextChangeSetStatus('decideChanges', 'pending_approval', { operationStatuses: ['rejected'] })).toBe('rejected');
    });

    it('approving all of a set whose operations were all rejected one by one rejects it', () => {
      expect(nextChangeSetStatus('approve', 'pending_approval', { operationStatuses: ['rejected', 'rejected'] })).toBe('rejected');
    });

    it('checks the status before deciding anything', () => {
      expect(() => nextChangeSetStatus('approve', 'approved', { operationStatuses: ['approved'] })).toThrow("in status 'approved'");
    });
  });

  it('finishing an apply gives applied without failures, partially_applied with any', () => {
    expect(nextChangeSetStatus('finishApply', 'approved', { failed: 0 })).toBe('applied');
    expect(nextChangeSetStatus('finishApply', 'approved', { failed: 2 })).toBe('partially_applied');
    expect(nextChangeSetStatus('finishApply', 'applying', { failed: 0 })).toBe('applied');
    expect(nextChangeSetStatus('finishApply', 'applying', { failed: 1 })).toBe('partially_applied');
  });

  it('every status is reachable from the initial one', () => {
    const reached = new Set<ChangeSetStatus>([INITIAL_CHANGE_SET_STATUS]);
    const outcomes = (action: ChangeSetAction, from: ChangeSetStatus): ChangeSetStatus[] => {
      const { to } = CHANGE_SET_TRANSITIONS[action];
      if (typeof to !== 'function') return [to];
      return [
        ...new Set([
          to(from, { operationStatuses: ['approved'], failed: 0 } as never),
          to(from, { operationStatuses: ['rejected'], failed: 1 } as never),
          to(from, { operationStatuses: ['pending'], failed: 0 } as never),
        ]),
      ];
    };
    for (let grew = true; grew; ) {
      grew = false;
      for (const status of [...reached]) {
        for (const action of allowedIn(status)) {
          for (const next of outcomes(action, status)) {
            if (!reached.has(next)) {
              reached.add(next);
              grew = true;
            }
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...CHANGE_SET_STATUSES].sort());
  });

  describe('status groups agree with the table', () => {
    it('inReview: where review decisions are taken', () => {
      expect([...ChangeSetStatusGroups.inReview]).toEqual(CHANGE_SET_STATUSES.filter((status) => allowedIn(status).includes('approve')));
    });

    it('applied: the outcomes of finishing an apply', () => {
      expect([...ChangeSetStatusGroups.applied].sort()).toEqual(
        [nextChangeSetStatus('finishApply', 'approved', { failed: 0 }), nextChangeSetStatus('finishApply', 'approved', { failed: 1 })].sort(),
      );
    });

    it('closed: nothing but messages (and proposing a revert) is allowed', () => {
      expect([...ChangeSetStatusGroups.closed].sort()).toEqual(
        CHANGE_SET_STATUSES.filter((status) => allowedIn(status).every((action) => action === 'postMessage' || action === 'revert')).sort(),
      );
    });

    it('open: proposed (not a draft) and not closed', () => {
      const closed: readonly string[] = ChangeSetStatusGroups.closed;
      expect([...ChangeSetStatusGroups.open].sort()).toEqual(
        CHANGE_SET_STATUSES.filter((status) => status !== INITIAL_CHANGE_SET_STATUS && !closed.includes(status)).sort(),
      );
    });
  });
});

describe('decideSet', () => {
  it('is undefined while any operation is pending', () => {
    expect(decideSet(['pending'])).toBeUndefined();
    expect(decideSet(['approved', 'pending'])).toBeUndefined();
    expect(decideSet(['rejected', 'pending', 'approved'])).toBeUndefined();
  });

  it('is approved when at least one operation is approved and none pending', () => {
    expect(decideSet(['approved'])).toBe('approved');
    expect(decideSet(['rejected', 'approved'])).toBe('approved');
    expect(decideSet(['approved', 'rejected', 'rejected'])).toBe('approved');
  });

  it('is rejected when every operation was rejected', () => {
    expect(decideSet(['rejected'])).toBe('rejected');
    expect(decideSet(['rejected', 'rejected'])).toBe('rejected');
  });

  it('treats an empty set as rejected (nothing approved)', () => {
    expect(decideSet([])).toBe('rejected');
  });
});

describe('stampsOnEntering', () => {
  it('stamps submittedAt, approvedAt and appliedAt when the set enters those statuses', () => {
    expect(stampsOnEntering('draft', 'pending_approval')).toEqual(['submittedAt']);
    expect(stampsOnEntering('revision_requested', 'pending_approval')).toEqual(['submittedAt']);
    expect(stampsOnEntering('approved', 'applied')).toEqual(['appliedAt']);
    expect(stampsOnEntering('applying', 'partially_applied')).toEqual(['appliedAt']);
  });

  it('stamps decidedAt when a reviewer decides a submission: approved, rejected or sent back', () => {
    expect(stampsOnEntering('pending_approval', 'approved')).toEqual(['approvedAt', 'decidedAt']);
    expect(stampsOnEntering('pending_approval', 'rejected')).toEqual(['decidedAt']);
    expect(stampsOnEntering('pending_approval', 'revision_requested')).toEqual(['decidedAt']);
  });

  it('stamps nothing when the status stays', () => {
    expect(stampsOnEntering('pending_approval', 'pending_approval')).toEqual([]);
    expect(stampsOnEntering('draft', 'draft')).toEqual([]);
  });
});
