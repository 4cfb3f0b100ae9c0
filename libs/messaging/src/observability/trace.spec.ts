import { formatTraceparent, newSpanId, newTraceId, parseTraceparent } from './trace';

describe('traceparent', () => {
  it('parses a valid W3C header', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: '01',
    });
  });

  it.each([
    undefined,
    '',
    'garbage',
    'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
  ])('rejects %p', (header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it('round-trips generated ids', () => {
    const traceId = newTraceId();
    const spanId = newSpanId();
    expect(parseTraceparent(formatTraceparent(traceId, spanId))).toEqual({ traceId, parentSpanId: spanId, flags: '01' });
  });

  it('hands out distinct, well-formed ids across refills of the random pool', () => {
    // 1,000 trace ids + 1,000 span ids use 24 KB: the 4 KB pool refills several times.
    const traceIds = Array.from({ length: 1000 }, newTraceId);
    const spanIds = Array.from({ length: 1000 }, newSpanId);
    expect(traceIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(spanIds.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(traceIds).size).toBe(1000);
    expect(new Set(spanIds).size).toBe(1000);
  });
});
