export * from './test-database';
export * from './free-port';
export * from './service-process';
export * from './api-client';
export * from './test-system';
export * from './nats-cleanup';
export * from './eventually';
export * from './service-ready';
