import path from 'node:path';
import { findOnPath, NATS_MISSING_MESSAGE, natsServerArgs } from './nats';

describe('findOnPath', () => {
  const present = new Set([path.join('/opt/nats/bin', 'nats-server'), path.join('/usr/sbin', 'nats-server')]);
  const isExecutable = (file: string) => present.has(file);

  it('returns the first directory that has it', () => {
    const PATH = ['/usr/local/bin', '/opt/nats/bin', '/usr/sbin'].join(path.delimiter);
    expect(findOnPath('nats-server', PATH, isExecutable)).toBe('/opt/nats/bin/nats-server');
  });

  it('returns undefined when PATH lacks it or is unset', () => {
    expect(findOnPath('nats-server', ['/bin', ''].join(path.delimiter), isExecutable)).toBeUndefined();
    expect(findOnPath('nats-server', undefined, isExecutable)).toBeUndefined();
  });
});

describe('natsServerArgs', () => {
  it('runs JetStream on loopback with the store under the data folder', () => {
    expect(natsServerArgs(4222, '/repo/.data/nats')).toEqual(['-js', '-a', '127.0.0.1', '-p', '4222', '-sd', '/repo/.data/nats']);
  });
});

describe('NATS_MISSING_MESSAGE', () => {
  it('says how to get NATS', () => {
    expect(NATS_MISSING_MESSAGE).toContain('apt-get install nats-server');
    expect(NATS_MISSING_MESSAGE).toContain('docker compose up -d nats');
  });
});
