import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCodes, type RecordDto, type RpcContext, type TransitionDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { CompletenessService } from '../completeness/completeness.service';
import { WorkflowsService } from '../workflows/workflows.service';

/** A gated transition scores again this many times when edits keep landing between score and move. */
const GATE_ATTEMPTS = 3;

/**
 * Runs lifecycle transitions. The gates are checked in the order the product defines
 * (404 unknown, 409 wrong state, 403 role, 422 completeness); records then moves the state with a
 * compare-and-set on the state (of two concurrent transitions exactly one wins) and, for a
 * completeness gate, on the version that was scored (no edit can slip in between score and move).
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
    private readonly completeness: CompletenessService,
  ) {}

  async available(entityId: string): Promise<TransitionDto[]> {
    const record = await this.rpc.request('records.record.get', { id: entityId });
    const workflow = await this.workflows.forSchema(record.schemaId);
    return workflow.transitions.filter((transition) => transition.fromStateId === record.lifecycleStateId);
  }

  /** `expectedVersion` (If-Match) is checked first here and again by records under the row lock, where it counts. */
  async run(entityId: string, transitionId: string, context: RpcContext, expectedVersion?: number): Promise<RecordDto> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(entityId, transitionId, context, expectedVersion);
      } catch (error) {
        const raced = error instanceof DomainError && error.code === ErrorCodes.staleWrite;
        if (!raced || attempt >= GATE_ATTEMPTS) throw error;
      }
    }
  }

  private async attempt(entityId: string, transitionId: string, context: RpcContext, expectedVersion?: number): Promise<RecordDto> {
    const record = await this.rpc.request('records.record.get', { id: entityId });
    if (expectedVersion !== undefined && record.version !== expectedVersion) {
      throw new DomainError(
        ErrorCodes.preconditionFailed,
        `Record '${entityId}' is at version ${record.version}, not ${expectedVersion}; read it again and retry`,
        { recordId: entityId, currentVersion: record.version, expectedVersion },
      );
    }
    const workflow = await this.workflows.forSchema(record.schemaId);
    const transition = workflow.transitions.find((candidate) => candidate.id === transitionId);
    if (!transition) throw DomainError.notFound('Transition', transitionId);
    if (transition.fromStateId !== record.lifecycleStateId) {
      throw DomainError.conflict(
        `Transition '${transitionId}' starts from '${transition.fromStateId}' but the record is in '${record.lifecycleStateId}'`,
        { currentStateId: record.lifecycleStateId, fromStateId: transition.fromStateId },
      );
    }
    const roles = context.actor?.roles ?? [];
    if (!roles.some((role) => transition.allowedRoleIds.includes(role))) {
      throw new DomainError(ErrorCodes.forbidden, `Your role may not run transition '${transitionId}'`, {
        allowedRoleIds: transition.allowedRoleIds,
      });
    }
    if (transition.requiresCompleteness) {
      const score = await this.completeness.score(record, workflow, transition.toStateId);
      if (score.percentage < 100) {
        throw new DomainError(ErrorCodes.gateFailed, `The record is ${score.percentage}% complete for '${transition.toStateId}'; 100% is required`, {
          percentage: score.percentage,
          filled: score.filled,
          total: score.total,
          missing: score.missing,
        });
      }
    }
    return this.rpc.request('records.record.move-lifecycle-state', {
      id: entityId,
      fromStateId: transition.fromStateId,
      toStateId: transition.toStateId,
      transitionId,
      expectedVersion,
      // Only the completeness decision depends on the values read; the state itself is compared-and-set.
      ...(transition.requiresCompleteness && { decidedOnVersion: record.version }),
    });
  }
}
