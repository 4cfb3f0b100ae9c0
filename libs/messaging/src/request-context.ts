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
};
