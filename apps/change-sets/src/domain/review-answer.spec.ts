import { REVIEW_ANSWER_MAX_OPERATIONS, type ChangeSetDto } from '@sigma/contracts';
import { answersInFull, presentStatuses, statusCounts, summaryAnswer } from './review-answer';

describe('review answers', () => {
  it('are the whole set up to the threshold, the summary past it', () => {
    expect(REVIEW_ANSWER_MAX_OPERATIONS).toBe(200);
    expect(answersInFull(0)).toBe(true);
    expect(answersInFull(200)).toBe(true);
    expect(answersInFull(201)).toBe(false);
    expect(answersInFull(11, 10)).toBe(false);
  });

  it('count every status, 0 when none', () => {
    const counts = statusCounts([
      { status: 'approved', count: 3 },
      { status: 'pending', count: 2 },
    ]);
    expect(counts).toEqual({ pending: 2, approved: 3, rejected: 0, applied: 0, failed: 0 });
    expect(presentStatuses(counts)).toEqual(['pending', 'approved']);
  });

  it('leave the operations out of a large set and give their counts and total', () => {
    const set = { id: 'cs-1', status: 'pending_approval', operations: [], operationCount: 0 } as unknown as ChangeSetDto;
    const answer = summaryAnswer(set, { pending: 250, approved: 1, rejected: 0, applied: 0, failed: 0 });
    expect(answer).toEqual({
      id: 'cs-1',
      status: 'pending_approval',
      operations: [],
      operationCount: 251,
      operationsOmitted: true,
      operationSummary: { pending: 250, approved: 1, rejected: 0, applied: 0, failed: 0 },
    });
  });
});
