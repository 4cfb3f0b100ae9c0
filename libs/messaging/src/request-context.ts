import { AsyncLocalStorage } from 'node:async_hooks';
import type { RpcContext } from '@sigma/contracts';

const storage = new AsyncLocalStorage<RpcContext>();

/** The request being served (HTTP or RPC), so log lines and outgoing requests carry its id. */
export const RequestContext = {
  run<T>(context: RpcContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): RpcContext | undefined {
    return storage.getStore();
  },
  /** Adds what became known while serving (the gateway learns the actor after the context began). */
  assign(fields: Partial<RpcContext>): void {
    const context = storage.getStore();
    if (context) Object.assign(context, fields);
  },
};

/** What a handler tells its caller beside the data (per request, set while the handler runs). */
export interface ReplyMetaState {
  replayed?: boolean;
}

const replies = new AsyncLocalStorage<ReplyMetaState>();

/**
 * Carries `replayed` (an Idempotency-Key's stored result) from the service that found it, through
 * the reply envelope, to the gateway, which turns it into the `Idempotent-Replayed` header.
 */
export const ReplyMeta = {
  run<T>(state: ReplyMetaState, fn: () => T): T {
    return replies.run(state, fn);
  },
  markReplayed(): void {
    const state = replies.getStore();
    if (state) state.replayed = true;
  },
};
