import { Header } from '@nestjs/common';

/**
 * For a handler answering with JSON bytes it passes on (`RpcClient.requestJson`): Fastify sends
 * bytes under this content type as they are, where it would serialise an object.
 */
export const SendsJsonBytes = () => Header('Content-Type', 'application/json; charset=utf-8');
