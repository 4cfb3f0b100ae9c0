/**
 * Completeness scoring, pure: the workflow scores records on demand and in reports, the records
 * service keeps a per-state projection of the same scores on every write. One rule, one implementation.
 */
export * from './plan';
export * from './plan-cache';
export * from './completeness';
export { compileGuard, guardHolds, isEmptyValue, type VisibilityTest } from './guard';
export * from './state-scores';
export { cachedSlotKey, parseSlotKey, slotKey } from './slot-key';
export * from './report-figures';
export * from './report-builder';
