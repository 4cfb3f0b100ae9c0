import { DomainError, ErrorCodes, type ProposedChangeDto, type RpcContext } from '@sigma/contracts';
import { feedbackSummary, requireSelf } from './review-rules';

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

describe('requireSelf', () => {
  const context: RpcContext = { requestId: 'r', actor: { userId: 'user-reviewer', roles: ['role-reviewer'] } };

  it('passes for the caller’s own id, and for internal calls without an actor', () => {
    expect(() => requireSelf('user-reviewer', context, 'authorId')).not.toThrow();
    expect(() => requireSelf('anyone', { requestId: 'r' }, 'authorId')).not.toThrow();
  });

  it('refuses someone else’s id (403 naming the field)', () => {
    let thrown: unknown;
    try {
      requireSelf('user-admin', context, 'requestedBy');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ code: ErrorCodes.forbidden, details: { field: 'requestedBy' } });
    expect((thrown as DomainError).message).toContain('requestedBy');
  });
});
