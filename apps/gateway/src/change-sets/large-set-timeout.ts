/**
 * Calls whose work grows with the set (appending a chunk, deciding by filter, submit and resubmit
 * validating every proposed value, approving or rejecting every operation) may take longer than an
 * ordinary call on a set of up to 100,000 operations; still bounded by that cap.
 */
export const LARGE_SET_TIMEOUT_MS = 60_000;
