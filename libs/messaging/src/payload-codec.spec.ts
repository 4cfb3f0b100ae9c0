import { headers as natsHeaders } from 'nats';
import { COMPRESS_ABOVE_BYTES, decodePayload, ENCODING_HEADER, encodeText, jsonWithRaw } from './payload-codec';

describe('jsonWithRaw', () => {
  const raw = '{"a": [1, "x\\"y"]}';

  it('adds the raw member first or last, unparsed (jsonb text keeps its spaces)', () => {
    expect(jsonWithRaw(JSON.stringify({ total: 2, next: null }), 'items', raw, 'first')).toBe(`{"items":${raw},"total":2,"next":null}`);
    expect(jsonWithRaw(JSON.stringify({ id: 'r"1' }), 'values', raw, 'last')).toBe(`{"id":"r\\"1","values":${raw}}`);
  });

  it('makes an object of the member alone when there are no other fields', () => {
    expect(JSON.parse(jsonWithRaw('{}', 'items', '[]', 'first'))).toEqual({ items: [] });
    expect(JSON.parse(jsonWithRaw('{}', 'values', raw, 'last'))).toEqual({ values: { a: [1, 'x"y'] } });
  });

  it('quotes the key as JSON', () => {
    expect(JSON.parse(jsonWithRaw('{"b":1}', 'a"b', '2', 'last'))).toEqual({ b: 1, 'a"b': 2 });
  });
});

describe('encodeText', () => {
  it('keeps the given headers and sends small text as it is', async () => {
    const headers = natsHeaders();
    headers.set('Sigma-Reply', 'data');
    const encoded = await encodeText('{"ok":1}', headers);
    expect(new TextDecoder().decode(encoded.data)).toBe('{"ok":1}');
    expect(encoded.headers?.get('Sigma-Reply')).toBe('data');
    expect(encoded.headers?.get(ENCODING_HEADER)).toBe('');
  });

  it('gzips text past the threshold, adding the encoding to the given headers', async () => {
    const headers = natsHeaders();
    headers.set('Sigma-Reply', 'data');
    const text = JSON.stringify({ blob: 'é'.repeat(COMPRESS_ABOVE_BYTES) });
    const encoded = await encodeText(text, headers);
    expect(encoded.data.byteLength).toBeLessThan(COMPRESS_ABOVE_BYTES);
    expect(encoded.headers?.get(ENCODING_HEADER)).toBe('gzip');
    expect(encoded.headers?.get('Sigma-Reply')).toBe('data');
    expect(await decodePayload(encoded.data, encoded.headers)).toEqual({ blob: 'é'.repeat(COMPRESS_ABOVE_BYTES) });
  });
});
