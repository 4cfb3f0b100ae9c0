export * from './ensure-database';
export * from './data-source';
export * from './database.module';
export * from './outbox/outbox';
export * from './health/check-health';
export * from './idempotency/idempotent-write';
export * from './idempotency/idempotency-janitor';
