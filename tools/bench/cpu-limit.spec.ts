import { spawn } from 'node:child_process';
import { cpuTicks } from '@sigma/testing';
import { limitCpu, quotaMicroseconds } from './cpu-limit';

describe('CPU limit of one process', () => {
  it('turns cores into a CFS quota per 100 ms period, refusing 0 and below', () => {
    expect(quotaMicroseconds(0.25)).toBe(25_000);
    expect(quotaMicroseconds(2)).toBe(200_000);
    expect(quotaMicroseconds(0.001)).toBe(1000);
    expect(() => quotaMicroseconds(0)).toThrow('a CPU limit must be more than 0 cores, got 0');
    expect(() => quotaMicroseconds(Number.NaN)).toThrow('more than 0 cores');
  });

  it('caps a busy process near its quota, then releases it (a machine without cgroups fails here)', async () => {
    const child = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
    const cpuMs = () => (cpuTicks(child.pid ?? -1) ?? NaN) * 10;
    const limit = limitCpu(child.pid!, 0.1, 'spec');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = cpuMs();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const used = cpuMs() - before;
      // 0.1 core over 1 s is 100 ms; the tick granularity and the period edge leave some slack.
      expect(used).toBeLessThan(250);
    } finally {
      limit.release();
      child.kill('SIGKILL');
    }
  });
});
