import type { Msg } from 'nats';
import { COMPRESS_ABOVE_BYTES, encodePayload, encodeText } from './payload-codec';
import { dataReplyHeaders, decodeReply, isDataReply } from './reply-codec';

/** A reply as the bus hands it over: only its body and headers matter to the codec. */
const replyOf = (encoded: { data: Uint8Array; headers?: Msg['headers'] }) => ({ data: encoded.data, headers: encoded.headers }) as Msg;

describe('decodeReply', () => {
  it('reads the envelope of an ordinary reply, success or error', async () => {
    expect(await decodeReply(replyOf(await encodePayload({ ok: true, data: { id: 'r1' } })))).toEqual({ ok: true, data: { id: 'r1' } });
    const error = { ok: false, error: { code: 'not-found', message: "Record 'x' not found" } };
    expect(await decodeReply(replyOf(await encodePayload(error)))).toEqual(error);
  });

  it('wraps a data reply (the body is the data) as a successful envelope, replayed when marked so', async () => {
    const plain = replyOf(await encodeText('{"items":[],"total":0}', dataReplyHeaders(false)));
    expect(isDataReply(plain)).toBe(true);
    expect(await decodeReply(plain)).toEqual({ ok: true, data: { items: [], total: 0 } });
    expect(await decodeReply(replyOf(await encodeText('{"id":"r1"}', dataReplyHeaders(true))))).toEqual({ ok: true, data: { id: 'r1' }, replayed: true });
  });

  it('unzips a large data reply', async () => {
    const big = { blob: 'x'.repeat(COMPRESS_ABOVE_BYTES + 1) };
    const reply = replyOf(await encodeText(JSON.stringify(big), dataReplyHeaders(false)));
    expect(reply.data.byteLength).toBeLessThan(COMPRESS_ABOVE_BYTES);
    expect(await decodeReply(reply)).toEqual({ ok: true, data: big });
  });

  it('an ordinary reply is not a data reply', async () => {
    expect(isDataReply(replyOf(await encodePayload({ ok: true, data: 1 })))).toBe(false);
  });
});
