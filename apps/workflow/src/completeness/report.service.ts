import { Injectable } from '@nestjs/common';
import type { SchemaCompletenessReport } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { WorkflowsService } from '../workflows/workflows.service';
import { requireState } from './completeness.service';

/**
 * GET /schemas/:schemaId/completeness: the workflow checks the request against the schema's
 * workflow (404 without one, 400 for a state it does not have), and the records service answers
 * from the scores it keeps on every write, saying how current they are against this workflow.
 */
@Injectable()
export class CompletenessReportService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly workflows: WorkflowsService,
  ) {}

  async forSchema(schemaId: string, lifecycleStateId?: string): Promise<SchemaCompletenessReport> {
    const schema = await this.rpc.request('records.schema.get', { id: schemaId });
    const workflow = await this.workflows.forSchema(schema.id);
    if (lifecycleStateId !== undefined) requireState(workflow, lifecycleStateId);
    return this.rpc.request('records.completeness.report', { schemaId: schema.id, lifecycleStateId, workflowUpdatedAt: workflow.updatedAt });
  }
}
