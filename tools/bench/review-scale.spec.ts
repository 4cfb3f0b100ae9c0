import { type AppliedSetReadBack, appliesScaleRow, cpuBound, decisionsScaleRow, exactlyOnceProblems, exactlyOnceRow, replicaShare, type SystemFigures } from './review-scale';
import { latency } from './stats';

const clean = (): AppliedSetReadBack => ({
  setId: 'cs_1',
  operations: [
    { id: 'op_1', status: 'applied', entityId: 'ent-a' },
    { id: 'op_2', status: 'applied', entityId: 'ent-b' },
  ],
  audit: [
    { operationId: 'op_1', entityId: 'ent-a', changeSetId: 'cs_1' },
    { operationId: 'op_2', entityId: 'ent-b', changeSetId: 'cs_1' },
  ],
  versions: new Map([
    ['ent-a', 2],
    ['ent-b', 2],
  ]),
});

describe('exactlyOnceProblems', () => {
  it('finds none when every operation is applied, audited once and bumped its record once', () => {
    expect(exactlyOnceProblems(clean(), 1)).toEqual([]);
  });

  it('names an operation applied twice: two audit entries and the version bumped twice', () => {
    const set = clean();
    set.audit.push({ operationId: 'op_2', entityId: 'ent-b', changeSetId: 'cs_1' });
    set.versions.set('ent-b', 3);
    expect(exactlyOnceProblems(set, 1)).toEqual(['cs_1: operation op_2 has 2 audit entries', 'cs_1: record ent-b is at version 3, expected 2']);
  });

  it('names an operation not applied, without an entry, and a record untouched', () => {
    const set = clean();
    set.operations[0].status = 'approved';
    set.audit.shift();
    set.versions.set('ent-a', 1);
    expect(exactlyOnceProblems(set, 1)).toEqual([
      'cs_1: operation op_1 is approved',
      'cs_1: operation op_1 has 0 audit entries',
      'cs_1: record ent-a is at version 1, expected 2',
    ]);
  });

  it('names an audit entry of another set or of no operation of this one', () => {
    const set = clean();
    set.audit.push({ operationId: 'op_9', entityId: 'ent-z', changeSetId: 'cs_1' }, { entityId: 'ent-a', changeSetId: 'cs_2', operationId: 'op_1' });
    expect(exactlyOnceProblems(set, 1)).toEqual([
      'cs_1: audit entry for ent-z names cs_1/op_9, not an operation of the set',
      'cs_1: audit entry for ent-a names cs_2/op_1, not an operation of the set',
    ]);
  });
});

const figures = (replicas: number, perSecond: number, applySeconds: number, problems: string[] = []): SystemFigures => ({
  replicas,
  replicaCpu: 0.2,
  cores: 2,
  startSeconds: 10,
  prepareSeconds: 5,
  problems,
  decisions: {
    reviewers: 16,
    sets: 96,
    decisions: 2400,
    seconds: 2400 / perSecond,
    perSecond,
    latency: latency([10, 20, 30]),
    cpu:
      replicas === 1
        ? [{ process: 'change-sets', microseconds: 900 }]
        : [
            { process: 'change-sets#1', microseconds: 600 },
            { process: 'change-sets#2', microseconds: 200 },
            { process: 'gateway', microseconds: 500 },
          ],
  },
  applies: { sets: 8, operationsPerSet: 500, seconds: applySeconds, opsPerSec: 4000 / applySeconds, answeredWith: [202, 202], cpu: [] },
});

describe('the rows', () => {
  it('report the 2-replica figure against the 1-replica baseline, > 1 meaning scaling', () => {
    const decisions = decisionsScaleRow(figures(1, 200, 20), figures(2, 250, 16));
    expect(decisions.ratio).toBeCloseTo(1.25);
    expect(decisions.figure).toMatch(/^2 change-sets replicas of 0.20 CPU: 250 decisions\/s/);
    expect(decisions.baseline).toMatch(/^1 replica, same run: 200 decisions\/s/);
    expect(decisions.notes.join('\n')).toContain("change-sets replicas' share change-sets#1 75%, change-sets#2 25%");
    expect(decisions.notes.join('\n')).toContain('each change-sets replica is limited to 0.20 CPU');
    const applies = appliesScaleRow(figures(1, 200, 20), figures(2, 250, 16));
    expect(applies.ratio).toBeCloseTo(1.25);
    expect(applies.figure).toBe('2 change-sets replicas of 0.20 CPU: 8 sets × 500 updates applied at once in 16.00 s (250 ops/s)');
  });

  it('make a violation in either system an error row', () => {
    expect(exactlyOnceRow(figures(1, 1, 1), figures(2, 1, 1))).toMatchObject({ status: 'ok' });
    const row = exactlyOnceRow(figures(1, 1, 1), figures(2, 1, 1, ['cs_1: operation op_2 has 2 audit entries']));
    expect(row).toMatchObject({ status: 'error', error: '1 exactly-once violations: 2 replicas: cs_1: operation op_2 has 2 audit entries' });
  });

  it('bounds the rate by the CPU it took: 1,300 µs a decision on 2 cores is about 1,538/s, change-sets 62% of it', () => {
    const bound = cpuBound(figures(2, 1, 1).decisions.cpu, 2);
    expect(bound.totalMicroseconds).toBe(1300);
    expect(bound.capPerSecond).toBeCloseTo(1538.5, 0);
    expect(bound.changeSetsPercent).toBeCloseTo(61.5, 0);
    expect(decisionsScaleRow(figures(1, 200, 20), figures(2, 250, 16)).notes.join('\n')).toContain('1,300 µs in all, so 2 cores cap this at about 1,538/s, change-sets 62% of it');
  });

  it('gives no replica share for a single process', () => {
    expect(replicaShare([{ process: 'change-sets', microseconds: 5 }])).toBe('');
  });
});
