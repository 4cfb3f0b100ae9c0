export * from './load-config';
export * from './base-config';
export * from './run-service';
export * from './database-service-config';
export * from './runtime-paths';
