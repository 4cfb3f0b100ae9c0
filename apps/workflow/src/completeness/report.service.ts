import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { RECORD_VALUES_PAGE_MAX_LIMIT, type RecordValuesPage, type SchemaCompletenessReport } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { WorkflowsService } from '../workflows/workflows.service';
import { CompletenessService, requireState } from './completeness.service';
import type { CompletenessPlan } from '@sigma/completeness';
import { CompletenessReportBuilder } from './report';

/** One page may take a while to read and send when records are large; the default request timeout is for single records. */
const PAGE_TIMEOUT_MS = 30_000;

/**
 * Re-scores every record of a schema (GET /schemas/:schemaId/completeness): pages the schema's
 * records from the records service in creation order, one page ahead of the scoring (so reading and scoring
 * overlap, and at most two pages are held), and scores each record with the state's cached plan.
 */
@Injectable()
export class CompletenessReportService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
    private readonly completeness: CompletenessService,
  ) {}

  async forSchema(schemaId: string, lifecycleStateId?: string): Promise<SchemaCompletenessReport> {
    const started = performance.now();
    const scoredAt = new Date();
    const schema = await this.rpc.request('records.schema.get', { id: schemaId });
    const workflow = await this.workflows.forSchema(schema.id);
    if (lifecycleStateId !== undefined) requireState(workflow, lifecycleStateId);
    const dimensions = await this.rpc.request('records.dimension.list', {});
    const plans = new Map<string, CompletenessPlan>(
      workflow.states
        .filter((state) => lifecycleStateId === undefined || state.id === lifecycleStateId)
        .map((state) => [state.id, this.completeness.plan(schema, dimensions, workflow, state.id)]),
    );
    const builder = new CompletenessReportBuilder(schema.id, lifecycleStateId ?? null);
    for await (const page of this.pages(schema.id)) {
      for (const record of page.items) {
        const stateId = lifecycleStateId ?? record.lifecycleStateId;
        const plan = plans.get(stateId);
        if (plan) builder.add(plan, record.values);
        else builder.skip(stateId);
      }
    }
    return builder.report(scoredAt, performance.now() - started);
  }

  /** The schema's records page by page, the next page requested before the current one is handed out. */
  private async *pages(schemaId: string): AsyncGenerator<RecordValuesPage> {
    const fetch = (after?: string) =>
      this.rpc.request('records.record.list-values', { schemaId, after, limit: RECORD_VALUES_PAGE_MAX_LIMIT }, { timeoutMs: PAGE_TIMEOUT_MS });
    let next: Promise<RecordValuesPage> | undefined = fetch();
    try {
      while (next) {
        const page: RecordValuesPage = await next;
        next = page.next === null ? undefined : fetch(page.next);
        yield page;
      }
    } finally {
      // Abandoned early (an error while scoring): the prefetched page is not awaited, so its failure must not go unhandled.
      next?.catch(() => undefined);
    }
  }
}
