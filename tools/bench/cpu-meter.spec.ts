import { CpuMeter } from './cpu-meter';

describe('CpuMeter', () => {
  it('charges the CPU burnt between the edges to the process that burnt it, per request', async () => {
    const meter = new CpuMeter(() => new Map([['this test', process.pid]]));
    await meter.edge('start');
    const until = Date.now() + 120;
    let spin = 0;
    while (Date.now() < until) spin += Math.sqrt(spin + 1);
    await meter.edge('end');
    const perRequest = meter.perRequest(10);
    const own = perRequest.find((entry) => entry.process === 'this test');
    // ~120 ms over 10 requests is ~12,000 µs each; clock ticks are 10 ms, so allow a wide band.
    expect(own?.microseconds).toBeGreaterThanOrEqual(5000);
    expect(own?.microseconds).toBeLessThanOrEqual(40000);
    expect(perRequest.map((entry) => entry.microseconds)).toEqual([...perRequest.map((entry) => entry.microseconds)].sort((a, b) => b - a));
    expect(meter.note(10)).toMatch(/^CPU per request \(user \+ system, \/proc\): .*this test \d+ µs.*req\/s$/);
    expect(spin).toBeGreaterThan(0);
  });

  it('reports nothing for a run that answered no request', async () => {
    const meter = new CpuMeter(() => new Map([['this test', process.pid]]));
    await meter.edge('start');
    await meter.edge('end');
    expect(meter.perRequest(0)).toEqual([]);
  });
});
