import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type SchemaCompletenessReport, type StoredCompletenessReportRequest } from '@sigma/contracts';
import { CompletenessRescorer } from './completeness-rescorer';
import { readRules } from './completeness-store';
import { type MissingRow, storedReport, type SummaryRow } from './stored-report';

/**
 * GET /schemas/:id/completeness from the summaries the score writes keep (a few hundred rows
 * whatever the number of records), read in one snapshot with the record counts and the re-score
 * queue they are checked against.
 */
@Injectable()
export class CompletenessReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rescorer: CompletenessRescorer,
  ) {}

  async report(request: StoredCompletenessReportRequest): Promise<SchemaCompletenessReport> {
    const started = performance.now();
    const workflowUpdatedAt = new Date(request.workflowUpdatedAt);
    if (Number.isNaN(workflowUpdatedAt.getTime()))
      throw DomainError.validation([{ field: 'workflowUpdatedAt', rule: 'format', message: 'must be an ISO 8601 instant' }]);
    const lifecycleStateId = request.lifecycleStateId ?? null;
    const { report, needsRescore } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [found] = (await manager.query('SELECT now() AS "scoredAt" FROM record_schema WHERE id = $1', [request.schemaId])) as { scoredAt: Date }[];
      if (!found) throw DomainError.notFound('Schema', request.schemaId);
      const rule = (await readRules(manager, [request.schemaId])).get(request.schemaId);
      return storedReport({
        schemaId: request.schemaId,
        lifecycleStateId,
        ruleStateIds: rule ? rule.states.map((state) => state.id) : null,
        ruleBehind: rule !== undefined && rule.updatedAt < workflowUpdatedAt,
        summaries: await readSummaries(manager, request.schemaId, lifecycleStateId),
        missing: await readMissing(manager, request.schemaId, lifecycleStateId),
        recordsByState: await readRecordCounts(manager, request.schemaId),
        rescore: await readRescore(manager, request.schemaId),
        scoredAt: found.scoredAt,
      });
    });
    if (needsRescore) {
      // Records without scores and nothing queued (written behind the service's back, e.g. a bulk COPY): score them.
      await this.dataSource.query(
        'INSERT INTO completeness_rescore (schema_id, after_id, requested_at) SELECT schema_id, NULL, now() FROM completeness_rule WHERE schema_id = $1 ON CONFLICT (schema_id) DO NOTHING',
        [request.schemaId],
      );
      this.rescorer.kick();
    }
    return { ...report, durationMs: Math.round(performance.now() - started) };
  }
}

async function readSummaries(manager: EntityManager, schemaId: string, stateId: string | null): Promise<SummaryRow[]> {
  return (await manager.query(
    `SELECT state_id AS "stateId", own, bucket, sum(records)::float8 AS records, sum(complete)::float8 AS complete, sum(percent_sum)::float8 AS "percentSum"
     FROM completeness_summary WHERE schema_id = $1 AND ($2::text IS NULL OR state_id = $2) GROUP BY 1, 2, 3`,
    [schemaId, stateId],
  )) as SummaryRow[];
}

async function readMissing(manager: EntityManager, schemaId: string, stateId: string | null): Promise<MissingRow[]> {
  return (await manager.query(
    `SELECT state_id AS "stateId", own, slot, sum(records)::float8 AS records
     FROM completeness_missing WHERE schema_id = $1 AND ($2::text IS NULL OR state_id = $2) GROUP BY 1, 2, 3 HAVING sum(records) <> 0`,
    [schemaId, stateId],
  )) as MissingRow[];
}

async function readRecordCounts(manager: EntityManager, schemaId: string): Promise<Map<string, number>> {
  const rows = (await manager.query(
    'SELECT lifecycle_state_id AS "stateId", sum(n)::float8 AS n FROM record_count WHERE schema_id = $1 GROUP BY 1',
    [schemaId],
  )) as { stateId: string; n: number }[];
  return new Map(rows.map((row) => [row.stateId, row.n]));
}

async function readRescore(manager: EntityManager, schemaId: string): Promise<{ requestedAt: Date; done: number } | null> {
  const [row] = (await manager.query('SELECT requested_at AS "requestedAt", done::float8 AS done FROM completeness_rescore WHERE schema_id = $1', [schemaId])) as {
    requestedAt: Date;
    done: number;
  }[];
  return row ?? null;
}
