/**
 * Type-level test of @RpcHandler, checked by `npm run lint` (tsc): every `@ts-expect-error` below
 * must meet a compile error, so a decorator that stopped checking handler signatures fails lint.
 * Never run; the build leaves test/ folders out.
 */
import type { RecordDto, RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import type { JsonText } from '../src/payload-codec';
import { RpcHandler } from '../src/rpc-handler.decorator';

declare const record: RecordDto;
declare const recordText: JsonText<RecordDto>;

export class WellTypedHandlers {
  @RpcHandler('records.record.get')
  get(request: RpcRequest<'records.record.get'>): Promise<RpcResponse<'records.record.get'>> {
    return Promise.resolve({ ...record, id: request.id });
  }

  @RpcHandler('records.record.delete')
  delete(request: RpcRequest<'records.record.delete'>, context: RpcContext): Promise<{ deleted: string[] }> {
    return Promise.resolve({ deleted: [request.id, context.requestId] });
  }

  /** The response's JSON text, built by the handler, is an answer too. */
  @RpcHandler('records.record.get')
  getAsText(): Promise<JsonText<RpcResponse<'records.record.get'>>> {
    return Promise.resolve(recordText);
  }

  /** Leaving out parameters a handler does not use is fine. */
  @RpcHandler('records.dimension.list')
  listDimensions(): Promise<RpcResponse<'records.dimension.list'>> {
    return Promise.resolve([]);
  }

  /** Taking a wider request type than the subject's is fine too. */
  @RpcHandler('records.schema.get')
  getSchema(request: { id: string; extra?: number }): Promise<RpcResponse<'records.schema.get'>> {
    return Promise.reject(new Error(request.id));
  }
}

export class MistypedHandlers {
  // @ts-expect-error the request is another subject's (needs `entityId`, gets `{ id }`)
  @RpcHandler('workflow.transition.list-available')
  wrongRequest(request: RpcRequest<'records.record.get'>): Promise<RpcResponse<'workflow.transition.list-available'>> {
    return Promise.resolve([{ id: request.id, name: '', fromStateId: '', toStateId: '' }] as never);
  }

  // @ts-expect-error the result is another subject's (a record, not `{ deleted: string[] }`)
  @RpcHandler('records.record.delete')
  wrongResponse(): Promise<RecordDto> {
    return Promise.resolve(record);
  }

  // @ts-expect-error JSON text of another subject's result (a record, not `{ deleted: string[] }`)
  @RpcHandler('records.record.delete')
  wrongText(): Promise<JsonText<RecordDto>> {
    return Promise.resolve(recordText);
  }

  // @ts-expect-error a handler must answer asynchronously (a Promise)
  @RpcHandler('records.record.get')
  notAsync(): RecordDto {
    return record;
  }

  // @ts-expect-error the context is the second parameter, not the first
  @RpcHandler('records.record.get')
  contextFirst(context: RpcContext, request: RpcRequest<'records.record.get'>): Promise<RecordDto> {
    return Promise.resolve({ ...record, id: `${context.requestId}${request.id}` });
  }
}
