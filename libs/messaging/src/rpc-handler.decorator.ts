import { SetMetadata } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse, Subject } from '@sigma/contracts';

export const RPC_HANDLER_METADATA = 'sigma:rpc-handler';

/** Marks a provider method as the handler of a request/reply subject. */
export const RpcHandler = (subject: Subject): MethodDecorator => SetMetadata(RPC_HANDLER_METADATA, subject);

/** The signature a handler of subject S must have. */
export type RpcHandlerFn<S extends Subject> = (data: RpcRequest<S>, context: RpcContext) => Promise<RpcResponse<S>>;
