import { DomainError, ErrorCodes, type OperationStatus } from '@sigma/contracts';
import { afterBulk, INITIAL_OPERATION_STATUS, nextOperationStatus, OPEN_OPERATION_STATUSES, OPERATION_TRANSITIONS, type OperationAction } from './operation-status';

const STATUSES: OperationStatus[] = ['pending', 'approved', 'rejected', 'applied', 'failed'];
const ACTIONS = Object.keys(OPERATION_TRANSITIONS) as OperationAction[];

describe('the operation status table', () => {
  const EXPECTED: Record<OperationAction, Partial<Record<OperationStatus, OperationStatus>>> = {
    approve: { pending: 'approved' },
    reject: { pending: 'rejected' },
    // Without changes (as a delete has none) nothing is decided; see the rule's own tests below.
    decideChanges: { pending: 'pending', approved: 'pending', rejected: 'pending' },
    reopen: { pending: 'pending', approved: 'pending', rejected: 'pending' },
    markApplied: { approved: 'applied' },
    markFailed: { approved: 'failed' },
  };

  it.each(ACTIONS.map((action) => [action]))('%s moves exactly the documented statuses', (action) => {
    for (const status of STATUSES) {
      const expected = EXPECTED[action][status];
      if (expected) expect(nextOperationStatus(action, { id: 'cop-1', status })).toBe(expected);
      else expect(() => nextOperationStatus(action, { id: 'cop-1', status })).toThrow(DomainError);
    }
  });

  it('an operation decided already is a 409 naming the operation, its status and the allowed ones', () => {
    let thrown: unknown;
    try {
      nextOperationStatus('reject', { id: 'cop-enrich-1', status: 'approved' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: ErrorCodes.conflict,
      message: "Cannot reject operation 'cop-enrich-1' in status 'approved' (allowed: pending)",
      details: { operationId: 'cop-enrich-1', operationStatus: 'approved', allowed: ['pending'] },
    });
  });

  it('applied and failed are final; a new operation starts pending', () => {
    for (const status of ['applied', 'failed'] as const) {
      expect(ACTIONS.filter((action) => (OPERATION_TRANSITIONS[action].from as readonly string[]).includes(status))).toEqual([]);
    }
    expect(INITIAL_OPERATION_STATUS).toBe('pending');
  });

  it('open statuses are the ones apply can still write: undecided or approved', () => {
    expect([...OPEN_OPERATION_STATUSES].sort()).toEqual([...new Set(['pending', ...OPERATION_TRANSITIONS.markApplied.from])].sort());
  });

  it('deciding changes moves a reviewed operation to what its changes say, also back to pending', () => {
    const approvedAndRejected = [{ decision: 'approved' as const }, { decision: 'rejected' as const }];
    const allRejected = [{ decision: 'rejected' as const }, { decision: 'rejected' as const }];
    const oneRejected = [{ decision: 'rejected' as const }, {}];
    expect(nextOperationStatus('decideChanges', { id: 'cop-1', status: 'pending', changes: approvedAndRejected })).toBe('approved');
    expect(nextOperationStatus('decideChanges', { id: 'cop-1', status: 'pending', changes: allRejected })).toBe('rejected');
    expect(nextOperationStatus('decideChanges', { id: 'cop-1', status: 'approved', changes: oneRejected })).toBe('pending');
    expect(() => nextOperationStatus('decideChanges', { id: 'cop-1', status: 'applied', changes: approvedAndRejected })).toThrow(DomainError);
  });

  it('afterBulk moves the statuses the action allows and keeps the others', () => {
    expect(afterBulk('approve', ['pending', 'rejected', 'approved', 'pending'])).toEqual(['approved', 'rejected', 'approved', 'approved']);
    expect(afterBulk('reject', ['pending', 'approved'])).toEqual(['rejected', 'approved']);
    expect(afterBulk('reopen', ['approved', 'rejected', 'pending'])).toEqual(['pending', 'pending', 'pending']);
  });
});
