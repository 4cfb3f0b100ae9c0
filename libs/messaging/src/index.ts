export * from './tokens';
export * from './subjects';
export * from './request-context';
export * from './context-logger';
export * from './rpc-client';
export * from './rpc-handler.decorator';
export * from './rpc-server';
export * from './messaging.module';
