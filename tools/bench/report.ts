/** Result rows of a bench run, their one-line stdout form, and bench/results/latest.{json,md} (large-latest for --profile large). */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt } from './stats';

export type CaseStatus = 'ok' | 'error' | 'skipped';

export interface CaseResult {
  /** `1`..`7` for cases, `a`..`c` for raw baselines. */
  key: string;
  id: string;
  title: string;
  status: CaseStatus;
  /** The headline figure, for a person. */
  figure: string;
  target?: string;
  /** The raw baseline this case is compared with, as a person reads it. */
  baseline?: string;
  /** `--peers`: the same case against another product in the same run, as a person reads it (the ratio is then Sigma ÷ peer). */
  peer?: string;
  /** Case / baseline (higher is better unless `ratioMeaning` says otherwise). */
  ratio?: number;
  ratioMeaning?: string;
  meetsTarget?: boolean;
  /** Every figure, machine-readable. */
  metrics: Record<string, unknown>;
  notes: string[];
  error?: string;
  seconds: number;
}

export interface RunInfo {
  startedAt: string;
  finishedAt?: string;
  mode: 'quick' | 'full' | 'large';
  /** How the data was shaped, for a person (the large profile's catalog). */
  shape?: string;
  records: number;
  changeSetOperations: number;
  system: 'spawned' | 'external';
  commit: string;
  node: string;
  cpus: number;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
  argv: string[];
}

export function runInfo(mode: RunInfo['mode'], records: number, operations: number, system: RunInfo['system']): RunInfo {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    // not a git checkout
  }
  return {
    startedAt: new Date().toISOString(),
    mode,
    records,
    changeSetOperations: operations,
    system,
    commit,
    node: process.version,
    cpus: os.cpus().length,
    loadAverageStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    argv: process.argv.slice(2),
  };
}

const verdict = (result: CaseResult) =>
  result.status === 'error' ? 'ERROR' : result.status === 'skipped' ? 'skipped' : result.meetsTarget === undefined ? '' : result.meetsTarget ? 'met' : 'MISSED';

/** One line per case on stdout. */
export function caseLine(result: CaseResult): string {
  const parts = [`[bench] ${result.key} ${result.id}: ${result.status === 'error' ? `ERROR ${result.error}` : result.figure}`];
  if (result.target) parts.push(`target ${result.target}`);
  if (result.baseline) parts.push(`baseline ${result.baseline}`);
  if (result.peer) parts.push(`peer ${result.peer}`);
  if (result.ratio !== undefined) parts.push(`ratio ${fmt(result.ratio, 2)}${result.ratioMeaning ? ` (${result.ratioMeaning})` : ''}`);
  const v = verdict(result);
  if (v && result.status !== 'error') parts.push(v);
  parts.push(`${fmt(result.seconds, 1)} s`);
  return parts.join(' | ');
}

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdown(info: RunInfo, results: CaseResult[]): string {
  const lines = [
    `# Sigma PIM benchmarks (${info.mode})`,
    '',
    `Run ${info.startedAt} → ${info.finishedAt ?? '?'} on commit \`${info.commit}\`, Node ${info.node}, ${info.cpus} CPUs, ` +
      `load average at start ${info.loadAverageStart.join(' / ')}, at end ${(info.loadAverageEnd ?? []).join(' / ')}. ` +
      `${fmt(info.records, 0)} generated records; change set of ${fmt(info.changeSetOperations, 0)} operations; system ${info.system}.`,
    ...(info.shape ? ['', info.shape] : []),
    '',
    'Shared machines are noisy: read each figure against its raw baseline from the same run (the ratio), not on its own. ' +
      'Targets never fail the run; only a case that errors does.',
    '',
    '| # | case | figure | target | raw baseline or peer (same run) | ratio | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const figure = r.status === 'error' ? `error: ${r.error}` : r.figure;
    const ratio = r.ratio === undefined ? '' : `${fmt(r.ratio, 2)}${r.ratioMeaning ? ` (${r.ratioMeaning})` : ''}`;
    const baseline = r.peer ? `peer: ${r.peer}` : r.baseline;
    lines.push(`| ${r.key} | ${cell(r.title)} | ${cell(figure)} | ${cell(r.target)} | ${cell(baseline)} | ${cell(ratio)} | ${verdict(r)} |`);
  }
  const noted = results.filter((r) => r.notes.length > 0);
  if (noted.length > 0) {
    lines.push('', '## Notes');
    for (const r of noted) {
      lines.push('', `**${r.key} ${r.title}**`, '');
      for (const note of r.notes) lines.push(`- ${note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `name`: `latest`, or `large-latest` for the large profile, so neither run overwrites the other's results. */
export function writeResults(root: string, info: RunInfo, results: CaseResult[], name = 'latest'): { json: string; md: string } {
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${name}.json`);
  const md = path.join(dir, `${name}.md`);
  fs.writeFileSync(json, `${JSON.stringify({ info, results }, null, 2)}\n`);
  fs.writeFileSync(md, markdown(info, results));
  return { json, md };
}
