import { DomainError, ErrorCodes, type ProposedChangeDto } from '@sigma/contracts';
import { decideSet, feedbackSummary, requireStatus } from './review-rules';

describe('requireStatus', () => {
  it('passes when the current status is allowed', () => {
    expect(() => requireStatus('draft', ['draft'], 'submit')).not.toThrow();
    expect(() => requireStatus('approved', ['pending_approval', 'approved'], 'apply')).not.toThrow();
  });

  it('throws a conflict naming the action, the current status and the allowed ones', () => {
    let thrown: unknown;
    try {
      requireStatus('applied', ['draft'], 'delete');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as DomainError;
    expect(error.code).toBe(ErrorCodes.conflict);
    expect(error.message).toContain("'applied'");
    expect(error.message).toContain('delete');
    expect(error.message).toContain('draft');
    expect(error.details).toEqual({ status: 'applied', allowed: ['draft'] });
  });

  it.each([
    ['draft', ['approved'], 'apply'],
    ['revision_requested', ['pending_approval'], 'approve'],
    ['pending_approval', ['revision_requested'], 'resubmit'],
    ['rejected', ['draft'], 'add operations to'],
  ] as const)('refuses %s when only %j is allowed', (current, allowed, action) => {
    expect(() => requireStatus(current, allowed, action)).toThrow(new RegExp(`'${current}'`));
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

describe('feedbackSummary', () => {
  const change = (rating?: 'good' | 'bad'): ProposedChangeDto => ({ attributeAlias: 'a', newValue: 'x', ...(rating && { rating }) });

  it('counts good, bad and unrated changes and the snippets', () => {
    const changes = [change('good'), change('bad'), change(), change('good'), change()];
    expect(feedbackSummary(changes, 3)).toEqual({ good: 2, bad: 1, unrated: 2, snippets: 3 });
  });

  it('carries the message when one is given, and only then', () => {
    expect(feedbackSummary([change('bad')], 0, 'More detail please')).toEqual({ good: 0, bad: 1, unrated: 0, snippets: 0, message: 'More detail please' });
    expect(feedbackSummary([change('bad')], 0)).not.toHaveProperty('message');
  });

  it('is all zero for no changes', () => {
    expect(feedbackSummary([], 0)).toEqual({ good: 0, bad: 0, unrated: 0, snippets: 0 });
  });

  it('counts every change unrated when nothing was rated', () => {
    expect(feedbackSummary([change(), change(), change()], 1)).toEqual({ good: 0, bad: 0, unrated: 3, snippets: 1 });
  });
});
