export { ApiError, type FieldIssue } from './api-error';
export * from './sigma-api';
export type * from './types';
