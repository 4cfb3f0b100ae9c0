import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Bodies above this are gzipped: a 10,000-operation change set is megabytes of JSON, past NATS' 1 MB default. */
export const COMPRESS_ABOVE_BYTES = 128 * 1024;
export const ENCODING_HEADER = 'Sigma-Encoding';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function encodePayload(body: unknown): Promise<{ data: Uint8Array; headers?: MsgHdrs }> {
  const data = encoder.encode(JSON.stringify(body));
  if (data.byteLength <= COMPRESS_ABOVE_BYTES) return { data };
  const headers = natsHeaders();
  headers.set(ENCODING_HEADER, 'gzip');
  return { data: await gzipAsync(data), headers };
}

export async function decodePayload<T>(data: Uint8Array, headers?: MsgHdrs): Promise<T> {
  const raw = headers?.get(ENCODING_HEADER) === 'gzip' ? await gunzipAsync(data) : data;
  return JSON.parse(decoder.decode(raw)) as T;
}
