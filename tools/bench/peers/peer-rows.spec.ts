import { caseLine } from '../report';
import { peerCaseRow, peerMemoryRow, peerRatio, roundsFigure } from './peer-rows';

const round = (perSecond: number, p50 = 5, p99 = 20) => ({ perSecond, p50, p99, items: perSecond * 10 });

describe('peer rows', () => {
  it('takes the median of the rounds of each side and divides Sigma by the peer', () => {
    expect(peerRatio({ sigma: [round(600), round(900)], peer: [round(80), round(70)] })).toBeCloseTo(750 / 75);
    expect(peerRatio({ sigma: [round(100), round(300), round(200)], peer: [round(50), round(10), round(20)] })).toBeCloseTo(200 / 20);
  });

  it('lists every round next to the median', () => {
    expect(roundsFigure([round(589), round(914)], 'req')).toBe('752 req/s (rounds 589, 914), p50 5.00 ms, p99 20.0 ms');
    expect(roundsFigure([round(3.25), round(5.5)], 'req')).toBe('4.4 req/s (rounds 3.3, 5.5), p50 5.00 ms, p99 20.0 ms');
  });

  it('prints the peer and the ratio on the case line', () => {
    const row = peerCaseRow({ unit: 'creates', peerName: 'Vendure 3.7.3', sigma: [round(200), round(100)], peer: [round(10), round(10)], notes: ['how'] });
    const line = caseLine({ key: 'P', id: 'peer-vendure-create', title: 'create', status: 'ok', seconds: 50, ...row });
    expect(line).toContain('Sigma 150 creates/s (rounds 200, 100)');
    expect(line).toContain('peer Vendure 3.7.3 10 creates/s (rounds 10, 10)');
    expect(line).toContain('ratio 15.00 (Sigma ÷ Vendure, creates/s)');
    expect(row.notes).toContain('how');
  });

  it('sums the idle RSS of each side', () => {
    const row = peerMemoryRow({ gateway: 128, records: 96, audit: 100 }, { 'vendure server': 230, 'vendure worker': 143 }, 'Vendure 3.7.3');
    expect(row.figure).toBe('Sigma idle 324 MB in 3 processes (96–128 MB each)');
    expect(row.peer).toBe('Vendure 3.7.3 idle 373 MB (vendure server 230, vendure worker 143)');
    expect(row.ratio).toBeCloseTo(324 / 373);
  });

  it('says so when Sigma has no known processes instead of printing Infinity', () => {
    expect(peerMemoryRow({}, { server: 200 }, 'Vendure').figure).toBe('Sigma idle 0 MB in 0 processes');
  });
});
