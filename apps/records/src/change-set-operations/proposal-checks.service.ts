import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  capIssues,
  DomainError,
  type FindStaleRequest,
  type FindStaleResponse,
  PROPOSAL_CHECK_CHUNK_ITEMS,
  type ValidateProposedValuesRequest,
  type ValidateProposedValuesResponse,
  type ValidationIssue,
  type ValuesMap,
} from '@sigma/contracts';
import { RecordEntity } from '../database/entities';
import { findUniqueHolders, uniqueClashMessage } from '../records/unique-values';
import { isStale, valueAt } from '../values/current-value';
import { checkProposedOperation, type UniqueCandidate } from '../values/proposed-values';
import { WorkspaceReader } from '../workspace/workspace-reader';

/**
 * What the change-set service asks before review: are the proposed values valid as a write would
 * find them, and which oldValues are stale. Reads only; each request is bounded by the contract's chunk size.
 */
@Injectable()
export class ProposalChecksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspace: WorkspaceReader,
  ) {}

  async validate({ operations }: ValidateProposedValuesRequest): Promise<ValidateProposedValuesResponse> {
    requireBounded('operations', operations.length);
    const manager = this.dataSource.manager;
    const contexts = new Map<string, ReturnType<WorkspaceReader['writeContext']>>();
    const issues: ValidationIssue[] = [];
    const candidates: UniqueCandidate[] = [];
    for (const operation of operations) {
      if (!contexts.has(operation.schemaId)) contexts.set(operation.schemaId, this.workspace.writeContext(operation.schemaId, manager));
      // An unknown schema is the set's own check; there is nothing to validate against.
      const found = await contexts.get(operation.schemaId);
      if (!found) continue;
      const checked = checkProposedOperation(found.context, operation);
      issues.push(...checked.issues);
      candidates.push(...checked.uniqueCandidates);
    }
    const holders = await findUniqueHolders(
      manager,
      candidates.map((candidate) => ({ ...candidate, exceptRecordId: candidate.recordId })),
    );
    candidates.forEach((candidate, index) => {
      const holder = holders[index];
      if (!holder) return;
      issues.push({
        field: `${candidate.field}.newValue`,
        rule: 'unique',
        message: uniqueClashMessage(candidate.value, holder),
        attributeAlias: candidate.attributeAlias,
        scope: candidate.scope,
      });
    });
    return { issues: capIssues(issues.sort(byField)) };
  }

  async findStale({ probes }: FindStaleRequest): Promise<FindStaleResponse> {
    requireBounded('probes', probes.length);
    const ids = [...new Set(probes.map((probe) => probe.entityId))];
    const rows = ids.length ? await this.dataSource.manager.find(RecordEntity, { where: { id: In(ids) }, select: { id: true, values: true } }) : [];
    const values = new Map<string, ValuesMap>(rows.map((row) => [row.id, row.values]));
    const stale: FindStaleResponse['stale'] = [];
    probes.forEach((probe, index) => {
      // A record deleted since holds no value.
      const current = valueAt(values.get(probe.entityId) ?? {}, probe.attributeAlias, probe.scope);
      if (isStale(probe.oldValue, current)) stale.push({ index, currentValue: current });
    });
    return { stale };
  }
}

function requireBounded(field: string, count: number): void {
  if (count > PROPOSAL_CHECK_CHUNK_ITEMS) {
    throw DomainError.validation([{ field, rule: 'maxSize', message: `at most ${PROPOSAL_CHECK_CHUNK_ITEMS} per request` }]);
  }
}

/** Issues in the order of the set: operations[2] before operations[10], changes likewise. */
function byField(a: ValidationIssue, b: ValidationIssue): number {
  return a.field.localeCompare(b.field, 'en', { numeric: true });
}
