export { ApiError, type ApiErrorBody } from './http';
export * from './sigma-api';
