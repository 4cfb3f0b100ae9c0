import { ApiError } from '../../api';

/**
 * Approves, and when the API refuses because some changes are stale (409 stale-change), asks the
 * reviewer to confirm before approving again with allowStale; declining keeps the refusal.
 */
export async function approveConfirmingStale<T>(approve: (allowStale: boolean) => Promise<T>, confirm: (question: string) => boolean): Promise<T> {
  try {
    return await approve(false);
  } catch (error) {
    if (!(error instanceof ApiError) || error.body.code !== 'stale-change') throw error;
    const count = Array.isArray(error.body.details) ? error.body.details.length : 0;
    const what = count === 1 ? 'A change to approve no longer matches' : `${count} changes to approve no longer match`;
    const question = `${what} the record (marked stale). Approve anyway?`;
    if (!confirm(question)) throw error;
    return approve(true);
  }
}
