import { connectedToPort, cpuTicks, establishedInodes } from './replica-ready';

const TABLE = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:6448 00000000:0000 0A 00000000:00000000 00:00000000 00000000   106        0 6914 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:D2F0 0100007F:107E 01 00000000:00000000 00:00000000 00000000     0        0 5501 1 0000000000000000 20 4 30 10 -1',
  '   2: 0100007F:D2F2 0100007F:107E 06 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1',
  '   3: 0100007F:D2F4 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 5503 1 0000000000000000 20 4 30 10 -1',
  '',
].join('\n');

describe('establishedInodes', () => {
  it('keeps the established connections to the port (4222 is 107E), not listeners, closing ones or other ports', () => {
    expect(establishedInodes(TABLE, 4222)).toEqual(['5501']);
    expect(establishedInodes(TABLE, 5432)).toEqual(['5503']);
    expect(establishedInodes(TABLE, 80)).toEqual([]);
  });
});

describe('this process', () => {
  it('has CPU ticks and no connection to a port nobody listens on', () => {
    expect(cpuTicks(process.pid)).toBeGreaterThanOrEqual(0);
    expect(connectedToPort(process.pid, 1)).toBe(false);
  });
});
