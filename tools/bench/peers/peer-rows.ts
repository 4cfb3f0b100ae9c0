/** Result rows of the peer comparison: Sigma and the peer per case from interleaved rounds, and the ratio Sigma ÷ peer. */
import type { Row } from '../rows';
import { fmt, ratio } from '../stats';

/** One measured round of one side: items per second and latency (ms). */
export interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  items: number;
}

export interface PeerCase {
  /** What one item is, e.g. 'req' or 'creates'. */
  unit: string;
  sigma: Round[];
  peer: Round[];
  peerName: string;
  /** Notes on how each side does the case. */
  notes: string[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const ms = (value: number) => `${fmt(value, value < 10 ? 2 : 1)} ms`;

/** "589 req/s (rounds 560, 618), p50 4.1 ms, p99 12.3 ms": the median of the rounds, each round listed. */
export function roundsFigure(rounds: readonly Round[], unit: string): string {
  const rates = rounds.map((r) => fmt(r.perSecond, r.perSecond < 10 ? 1 : 0)).join(', ');
  const rate = median(rounds.map((r) => r.perSecond));
  return `${fmt(rate, rate < 10 ? 1 : 0)} ${unit}/s (rounds ${rates}), p50 ${ms(median(rounds.map((r) => r.p50)))}, p99 ${ms(median(rounds.map((r) => r.p99)))}`;
}

/** Sigma ÷ peer of the medians of the rounds (above 1: Sigma answers more per second). */
export function peerRatio(c: Pick<PeerCase, 'sigma' | 'peer'>): number {
  return ratio(median(c.sigma.map((r) => r.perSecond)), median(c.peer.map((r) => r.perSecond)));
}

export function peerCaseRow(c: PeerCase): Row {
  const r = peerRatio(c);
  return {
    figure: `Sigma ${roundsFigure(c.sigma, c.unit)}`,
    peer: `${c.peerName} ${roundsFigure(c.peer, c.unit)}`,
    ratio: r,
    ratioMeaning: `Sigma ÷ ${c.peerName.split(' ')[0]}, ${c.unit}/s`,
    metrics: { sigma: c.sigma, peer: c.peer, peerName: c.peerName },
    notes: [`interleaved rounds: Sigma, ${c.peerName}, Sigma, ${c.peerName}, … on the same machine`, ...c.notes],
  };
}

const total = (rss: Record<string, number>) => Object.values(rss).reduce((a, b) => a + b, 0);
const listRss = (rss: Record<string, number>) =>
  Object.entries(rss)
    .map(([name, mb]) => `${name} ${fmt(mb, 0)}`)
    .join(', ');

/** Idle RSS of each side's processes; the ratio is Sigma ÷ peer of the totals (below 1: Sigma is leaner). */
export function peerMemoryRow(sigma: Record<string, number>, peer: Record<string, number>, peerName: string): Row {
  const sigmaValues = Object.values(sigma);
  const each = sigmaValues.length ? ` (${fmt(Math.min(...sigmaValues), 0)}–${fmt(Math.max(...sigmaValues), 0)} MB each)` : '';
  return {
    figure: `Sigma idle ${fmt(total(sigma), 0)} MB in ${sigmaValues.length} processes${each}`,
    peer: `${peerName} idle ${fmt(total(peer), 0)} MB (${listRss(peer)})`,
    ratio: ratio(total(sigma), total(peer)),
    ratioMeaning: 'Sigma ÷ peer MB, lower is leaner',
    metrics: { sigma, peer },
    notes: [`Sigma: ${listRss(sigma)} MB; ${peerName}: ${listRss(peer)} MB; each after start, before any load`],
  };
}
