import { acceptanceRate, insightsPeriod } from './insights-period';

const now = new Date('2026-12-04T12:00:00Z');

describe('insightsPeriod', () => {
  it('defaults to the last 30 days up to now, or up to `to`', () => {
    expect(insightsPeriod(undefined, undefined, now)).toEqual({ from: new Date('2026-11-04T12:00:00Z'), to: now });
    expect(insightsPeriod(undefined, '2026-06-30T00:00:00Z', now)).toEqual({ from: new Date('2026-05-31T00:00:00Z'), to: new Date('2026-06-30T00:00:00Z') });
  });

  it('takes an explicit period of up to 366 days', () => {
    expect(insightsPeriod('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', now).from).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('refuses an empty, inverted or too long period, naming from', () => {
    for (const [from, to] of [
      ['2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z'],
      ['2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z'],
      ['2025-01-01T00:00:00Z', '2026-12-01T00:00:00Z'],
    ]) {
      expect(() => insightsPeriod(from, to, now)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'from' })] }));
    }
  });
});

describe('acceptanceRate', () => {
  it('is approved over decided, null with nothing decided', () => {
    expect(acceptanceRate(3, 4)).toBe(0.75);
    expect(acceptanceRate(1, 3)).toBe(0.3333);
    expect(acceptanceRate(0, 0)).toBeNull();
  });
});
