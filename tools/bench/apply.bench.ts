/**
 * Case 6: apply an approved change set of N update operations through the gateway, timed from
 * POST /change-sets/:id/apply to status applied (appliedAt; past the quick-answer window it
 * answers 202 and goes on in the background, so GET is polled). Progress events on NATS split the time into "records
 * applied every chunk" and "the audit trail confirmed every event".
 */
import { connect } from 'nats';
import { APPLY_PROGRESSED_SUBJECT, type ApplyProgressed, type ApplyResult } from '@sigma/contracts';
import { type MaterialTarget, submittedMaterialSet } from './material-sets';
import { sleep } from './stats';
import type { BenchSystem } from './system';

export interface ApplyFigures {
  operations: number;
  seconds: number;
  opsPerSec: number;
  /** Seconds from the apply request until records had applied the last chunk (progress done = total). */
  recordsDoneSeconds?: number;
  /** Seconds to build the set (create, add operations, submit, approve): not part of the figure. */
  prepareSeconds: number;
  answeredWith: number;
  result?: ApplyResult;
  status: string;
}

async function approvedSet(system: BenchSystem, targets: readonly MaterialTarget[], label: string): Promise<string> {
  const id = await submittedMaterialSet(system, targets, `Bench apply ${label}`, label);
  await system.call('POST', `/change-sets/${id}/approve`, {});
  return id;
}

async function applyAndWait(system: BenchSystem, id: string, total: number, limitMs: number): Promise<ApplyFigures> {
  let recordsDoneAt: number | undefined;
  const nats = await connect({ servers: system.natsUrl.split(','), name: 'bench-apply-progress' }).catch(() => undefined);
  const subject = system.subjectPrefix ? `${system.subjectPrefix}.${APPLY_PROGRESSED_SUBJECT}` : APPLY_PROGRESSED_SUBJECT;
  nats?.subscribe(subject, {
    callback: (_error, message) => {
      try {
        const progress = JSON.parse(new TextDecoder().decode(message.data)) as ApplyProgressed;
        if (progress.changeSetId === id && progress.done >= progress.total && recordsDoneAt === undefined) recordsDoneAt = Date.now();
      } catch {
        // not ours
      }
    },
  });
  await nats?.flush();
  try {
    const started = Date.now();
    const answer = await system.call<ApplyResult>('POST', `/change-sets/${id}/apply`, undefined, [200, 202, 504]);
    let status = answer.status === 200 ? 'applied' : 'applying';
    let result = answer.status === 200 ? answer.body : undefined;
    let finishedAt = Date.now();
    while (!result && Date.now() - started < limitMs) {
      // A read of a large set counts its operations by status (a scan of the set): polling it often would
      // take PostgreSQL time from the apply being measured. The figure ends at appliedAt, not at the poll.
      await sleep(recordsDoneAt === undefined ? 2000 : 250);
      const { body } = await system.call<{ status: string; appliedAt?: string; applyResult?: ApplyResult }>('GET', `/change-sets/${id}`);
      if (body.status === 'applied' || body.status === 'partially_applied') {
        status = body.status;
        result = body.applyResult;
        finishedAt = body.appliedAt ? Date.parse(body.appliedAt) : Date.now();
      }
    }
    if (!result) throw new Error(`change set ${id} was not applied within ${limitMs / 1000} s`);
    if (answer.status === 200) {
      const { body } = await system.call<{ status: string }>('GET', `/change-sets/${id}`);
      status = body.status;
    }
    const seconds = (finishedAt - started) / 1000;
    return {
      operations: total,
      seconds,
      opsPerSec: total / seconds,
      recordsDoneSeconds: recordsDoneAt === undefined ? undefined : (recordsDoneAt - started) / 1000,
      prepareSeconds: 0,
      answeredWith: answer.status,
      result,
      status,
    };
  } finally {
    await nats?.close().catch(() => undefined);
  }
}

/** Warm-up set of `warmUp` operations, then the measured set of the rest of `targets`. */
export async function applyChangeSetCase(system: BenchSystem, targets: readonly MaterialTarget[], warmUp: number, limitMs: number): Promise<ApplyFigures> {
  const warm = targets.slice(0, warmUp);
  const measured = targets.slice(warmUp);
  if (warm.length > 0) await applyAndWait(system, await approvedSet(system, warm, 'warm-up'), warm.length, limitMs);
  const preparing = Date.now();
  const id = await approvedSet(system, measured, 'measured');
  const prepareSeconds = (Date.now() - preparing) / 1000;
  const figures = await applyAndWait(system, id, measured.length, limitMs);
  return { ...figures, prepareSeconds };
}
