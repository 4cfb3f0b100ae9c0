import { SetMetadata } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse, Subject } from '@sigma/contracts';
import type { JsonText } from './payload-codec';

export const RPC_HANDLER_METADATA = 'sigma:rpc-handler';

/**
 * The signature a handler of subject S must have (it may leave out the trailing parameters it does
 * not use). It may answer with the response's JSON text instead, sent as it is.
 */
export type RpcHandlerFn<S extends Subject> = (data: RpcRequest<S>, context: RpcContext) => Promise<RpcResponse<S> | JsonText<RpcResponse<S>>>;

/**
 * Marks a provider method as the handler of a request/reply subject. Typed per subject: a method
 * that cannot take `RpcRequest<S>` or does not resolve to `RpcResponse<S>` (or its JsonText) does not compile, so a
 * contract change in libs/contracts shows every handler it breaks.
 */
export function RpcHandler<S extends Subject>(subject: S) {
  const mark = SetMetadata(RPC_HANDLER_METADATA, subject);
  return <F extends RpcHandlerFn<S>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
    mark(target, key, descriptor);
  };
}
