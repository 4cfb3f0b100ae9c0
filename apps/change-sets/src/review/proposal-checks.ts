import { Injectable } from '@nestjs/common';
import {
  type ChangeSetStatus,
  IssueCollector,
  PROPOSAL_CHECK_CHUNK_BYTES,
  PROPOSAL_CHECK_CHUNK_ITEMS,
  type ProposedChangeInput,
  type ProposedOperation,
  TOO_MANY_ISSUES_RULE,
  type ValidationIssue,
} from '@sigma/contracts';
import { chunkByBudget, RpcClient } from '@sigma/messaging';
import { type StaleCheckOperation, type StaleFinding, staleCandidates } from '../domain/staleness';

/**
 * The records service's checks of a set's proposals, asked in bounded chunks: value validation
 * (the rules of a record write) at submit, stale oldValues when a set is read or approved.
 */
@Injectable()
export class ProposalChecks {
  constructor(private readonly rpc: RpcClient) {}

  /** Issues of the proposed values, in set order, into `issues` (stops asking once it is full). */
  async validateValues(operations: readonly (Omit<ProposedOperation, 'field' | 'entityId'> & { entityId?: string | null })[], issues: IssueCollector): Promise<void> {
    const proposed: ProposedOperation[] = operations.map((operation, index) => ({
      field: `operations[${index}]`,
      type: operation.type,
      ...(operation.entityId && { entityId: operation.entityId }),
      schemaId: operation.schemaId,
      changes: operation.changes.map((change) => ({ attributeAlias: change.attributeAlias, scope: change.scope ?? {}, newValue: change.newValue })),
    }));
    for (const chunk of chunkByBudget(proposed, PROPOSAL_CHECK_CHUNK_ITEMS, PROPOSAL_CHECK_CHUNK_BYTES)) {
      if (issues.full) {
        issues.stop();
        return;
      }
      const reply = await this.rpc.request('records.value.validate', { operations: chunk });
      issues.addAll(reply.issues.filter((issue: ValidationIssue) => issue.rule !== TOO_MANY_ISSUES_RULE));
      if (reply.issues.some((issue) => issue.rule === TOO_MANY_ISSUES_RULE)) issues.stop();
    }
  }

  /**
   * The ids of the operations with a proposed value that fails the checks of a record write. A chunk
   * whose answer was cut at the issue cap is asked again in halves, so no operation is missed.
   */
  async findInvalid(operations: readonly { id: string; type: ProposedOperation['type']; entityId?: string | null; schemaId: string; changes: readonly ProposedChangeInput[] }[]): Promise<Set<string>> {
    const proposed: ProposedOperation[] = operations.map((operation) => ({
      field: operation.id,
      type: operation.type,
      ...(operation.entityId && { entityId: operation.entityId }),
      schemaId: operation.schemaId,
      changes: operation.changes.map((change) => ({ attributeAlias: change.attributeAlias, scope: change.scope ?? {}, newValue: change.newValue })),
    }));
    const invalid = new Set<string>();
    const ask = async (chunk: ProposedOperation[]): Promise<void> => {
      const { issues } = await this.rpc.request('records.value.validate', { operations: chunk });
      const cut = issues.some((issue) => issue.rule === TOO_MANY_ISSUES_RULE);
      if (cut && chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        await ask(chunk.slice(0, half));
        await ask(chunk.slice(half));
        return;
      }
      for (const issue of issues) if (issue.rule !== TOO_MANY_ISSUES_RULE) invalid.add(issue.field.split('.')[0]);
      if (cut) invalid.add(chunk[0].field);
    };
    for (const chunk of chunkByBudget(proposed, PROPOSAL_CHECK_CHUNK_ITEMS, PROPOSAL_CHECK_CHUNK_BYTES)) await ask(chunk);
    return invalid;
  }

  /** The stale changes among these operations (in set order from `firstIndex`), with the records' current values. */
  async findStale(setStatus: ChangeSetStatus, operations: readonly StaleCheckOperation[], firstIndex = 0): Promise<StaleFinding[]> {
    const candidates = staleCandidates(setStatus, operations, firstIndex);
    const findings: StaleFinding[] = [];
    for (const chunk of chunkByBudget(candidates, PROPOSAL_CHECK_CHUNK_ITEMS, PROPOSAL_CHECK_CHUNK_BYTES, (candidate) => jsonBytes(candidate.probe))) {
      const { stale } = await this.rpc.request('records.value.find-stale', { probes: chunk.map((candidate) => candidate.probe) });
      for (const { index, currentValue } of stale) findings.push({ ...chunk[index], currentValue });
    }
    return findings;
  }
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}
