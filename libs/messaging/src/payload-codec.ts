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

/**
 * The JSON text of a T, built once by whoever holds its parts as text (e.g. values read as jsonb
 * text) and carried to the HTTP answer without being parsed and serialised again on each hop.
 * A handler may answer with one wherever it may answer with a T.
 */
export class JsonText<T> {
  /** Only typing: ties the text to the value it encodes. */
  declare readonly encodes?: T;
  constructor(readonly text: string) {}
}

/** UTF-8 bytes of a T's JSON, as they arrived (e.g. from `RpcClient.requestJson`); an HTTP handler can send them as they are. */
export type JsonBytes<T> = Uint8Array & { readonly encodes?: T };

/**
 * An object's JSON text (`objectJson`, from JSON.stringify) with the member `key: raw` added first
 * or last, `raw` being JSON text already, put in unparsed. The object must not hold `key`.
 */
export function jsonWithRaw(objectJson: string, key: string, raw: string, at: 'first' | 'last'): string {
  const rest = objectJson.slice(1, -1);
  const member = `${JSON.stringify(key)}:${raw}`;
  if (rest === '') return `{${member}}`;
  return at === 'first' ? `{${member},${rest}}` : `{${rest},${member}}`;
}

export async function encodePayload(body: unknown): Promise<{ data: Uint8Array; headers?: MsgHdrs }> {
  return encodeText(JSON.stringify(body));
}

/** JSON text as a message body (gzipped past COMPRESS_ABOVE_BYTES), with `headers` if given. */
export async function encodeText(text: string, headers?: MsgHdrs): Promise<{ data: Uint8Array; headers?: MsgHdrs }> {
  const data = encoder.encode(text);
  if (data.byteLength <= COMPRESS_ABOVE_BYTES) return { data, headers };
  const compressed = headers ?? natsHeaders();
  compressed.set(ENCODING_HEADER, 'gzip');
  return { data: await gzipAsync(data), headers: compressed };
}

/** The body's JSON bytes, uncompressed. */
export async function payloadBytes(data: Uint8Array, headers?: MsgHdrs): Promise<Uint8Array> {
  return headers?.get(ENCODING_HEADER) === 'gzip' ? await gunzipAsync(data) : data;
}

export async function decodePayload<T>(data: Uint8Array, headers?: MsgHdrs): Promise<T> {
  return parseJsonBytes<T>(await payloadBytes(data, headers));
}

export function parseJsonBytes<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

export function jsonBytes<T>(value: T): JsonBytes<T> {
  return encoder.encode(JSON.stringify(value));
}
