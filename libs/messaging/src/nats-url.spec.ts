import { natsConnectOptions } from './nats-url';

describe('natsConnectOptions', () => {
  it('keeps plain URLs', () => {
    expect(natsConnectOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('moves credentials out of every server URL', () => {
    expect(natsConnectOptions('nats://records:s%40cret@nats-0:4222, nats://records:s%40cret@nats-1:4222')).toEqual({
      servers: ['nats://nats-0:4222', 'nats://nats-1:4222'],
      user: 'records',
      pass: 's@cret',
    });
  });

  it('accepts tls:// and a user without password (token-style)', () => {
    expect(natsConnectOptions('tls://gateway@nats:4222')).toEqual({ servers: ['tls://nats:4222'], user: 'gateway' });
  });
});
