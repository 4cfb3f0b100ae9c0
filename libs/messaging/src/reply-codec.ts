import { headers as natsHeaders, type Msg, type MsgHdrs } from 'nats';
import type { RpcReplyEnvelope } from '@sigma/contracts';
import { parseJsonBytes, payloadBytes } from './payload-codec';

/**
 * A reply whose body is the handler's data itself (JSON text it built), not the `{ ok, data }`
 * envelope: success is implied, since errors always travel in the envelope.
 */
const REPLY_HEADER = 'Sigma-Reply';
const REPLAYED_HEADER = 'Sigma-Replayed';

export function dataReplyHeaders(replayed: boolean): MsgHdrs {
  const headers = natsHeaders();
  headers.set(REPLY_HEADER, 'data');
  if (replayed) headers.set(REPLAYED_HEADER, 'true');
  return headers;
}

export const isDataReply = (reply: Msg): boolean => reply.headers?.get(REPLY_HEADER) === 'data';
export const isReplayedDataReply = (reply: Msg): boolean => reply.headers?.get(REPLAYED_HEADER) === 'true';

/** A reply as its envelope, whichever form it came in. */
export async function decodeReply<T>(reply: Msg): Promise<RpcReplyEnvelope<T>> {
  const bytes = await payloadBytes(reply.data, reply.headers);
  if (!isDataReply(reply)) return parseJsonBytes<RpcReplyEnvelope<T>>(bytes);
  const data = parseJsonBytes<T>(bytes);
  return isReplayedDataReply(reply) ? { ok: true, data, replayed: true } : { ok: true, data };
}
