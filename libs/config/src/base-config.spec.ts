import { BaseServiceConfig } from './base-config';
import { ConfigError, loadConfig } from './load-config';

describe('BaseServiceConfig NATS_STREAM_REPLICAS', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig('records', BaseServiceConfig, env);

  it('defaults to 1 (a single NATS server)', () => {
    expect(load({}).NATS_STREAM_REPLICAS).toBe(1);
    expect(load({ NATS_STREAM_REPLICAS: '' }).NATS_STREAM_REPLICAS).toBe(1);
  });

  it('reads a replica count for a clustered JetStream', () => {
    expect(load({ NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    expect(load({ NATS_STREAM_REPLICAS: '5' }).NATS_STREAM_REPLICAS).toBe(5);
  });

  it.each(['0', '6', '2.5', 'three', '-1'])('refuses %s, naming the variable', (value) => {
    expect(() => load({ NATS_STREAM_REPLICAS: value })).toThrow(ConfigError);
    expect(() => load({ NATS_STREAM_REPLICAS: value })).toThrow(/NATS_STREAM_REPLICAS/);
  });
});
