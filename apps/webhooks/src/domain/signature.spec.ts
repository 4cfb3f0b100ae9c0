import { createHmac } from 'node:crypto';
import { signatureHeader, signPayload, verifySignature } from './signature';

describe('webhook signature', () => {
  const body = '{"id":"evt_1","type":"records.record.updated"}';

  it('is HMAC-SHA256 in hex over "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1764800000.${body}`).digest('hex');
    expect(signPayload('whsec_test', 1764800000, body)).toBe(expected);
    expect(signatureHeader('whsec_test', 1764800000, body)).toBe(`t=1764800000,v1=${expected}`);
  });

  it('verifies its own header and refuses another secret, a changed body or timestamp, and a stale timestamp', () => {
    const header = signatureHeader('whsec_test', 1764800000, body);
    expect(verifySignature('whsec_test', header, body, 1764800010)).toBe(true);
    expect(verifySignature('whsec_other', header, body, 1764800010)).toBe(false);
    expect(verifySignature('whsec_test', header, `${body} `, 1764800010)).toBe(false);
    expect(verifySignature('whsec_test', header.replace('t=1764800000', 't=1764800001'), body, 1764800010)).toBe(false);
    expect(verifySignature('whsec_test', header, body, 1764800000 + 301)).toBe(false);
    expect(verifySignature('whsec_test', 'garbage', body, 1764800010)).toBe(false);
  });
});
