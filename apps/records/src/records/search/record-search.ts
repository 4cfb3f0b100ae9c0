import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type AttributeCondition,
  type AttributeDto,
  DomainError,
  FILTERED_TOTAL_CAP,
  type RecordListQuery,
  type RecordPage,
  type ValidationIssue,
} from '@sigma/contracts';
import type { JsonText } from '@sigma/messaging';
import { CompletenessRulesService } from '../../completeness/completeness-rules.service';
import { WorkspaceReader } from '../../workspace/workspace-reader';
import type { RecordTextRow } from '../record-list-queries';
import { toRecordPageJson } from '../record.mapper';
import { resolveConditions } from './attribute-conditions';
import { encodeCursor, type SearchPlan, searchPageQuery, searchTotalQuery } from './record-search-query';

/** Whether a list query needs the search statement (anything beyond schema, state, category and offset paging). */
export function isSearch(query: RecordListQuery): boolean {
  return Boolean(
    query.filters?.length ||
      query.sku ||
      query.updatedSince ||
      query.sort ||
      query.cursor ||
      query.completeFor !== undefined ||
      query.completenessGte !== undefined ||
      query.completenessState !== undefined,
  );
}

/**
 * Record search: attribute conditions per scope, sku, updatedSince, completeness per workflow state
 * (complete, or percentage at least N), a sort on creation or update time, keyset paging. The total is exact up to FILTERED_TOTAL_CAP records.
 */
@Injectable()
export class RecordSearch {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspace: WorkspaceReader,
    private readonly rules: CompletenessRulesService,
  ) {}

  async search(query: RecordListQuery): Promise<JsonText<RecordPage>> {
    if (query.cursor && query.offset > 0) {
      throw DomainError.validation([{ field: 'offset', rule: 'cursor-or-offset', message: 'page with a cursor or with an offset, not both' }]);
    }
    await this.checkCompleteness(query);
    const plan: SearchPlan = { ...query, conditions: await this.resolve(query) };
    const manager = this.dataSource.manager;
    // The count first: below the cap, the page sorts the matches rather than walking the sort order.
    const total = searchTotalQuery(plan);
    const [{ total: counted }] = (await manager.query(total.sql, total.params)) as { total: string }[];
    const capped = Number(counted) > FILTERED_TOTAL_CAP;
    const page = searchPageQuery(plan, !capped);
    const rows = (await manager.query(page.sql, page.params)) as (RecordTextRow & { sortKey: string })[];
    const last = rows.at(-1);
    return toRecordPageJson(rows, {
      total: capped ? FILTERED_TOTAL_CAP : Number(counted),
      ...(capped && { totalIsLowerBound: true }),
      nextCursor: last && rows.length === query.limit ? encodeCursor(plan, last) : null,
      offset: query.offset,
      limit: query.limit,
    });
  }

  /** States named by completeness filters must be workflow states (of the schema, when one is given). */
  private async checkCompleteness(query: RecordListQuery): Promise<void> {
    const issues: ValidationIssue[] = [];
    const gte = query.completenessGte;
    if (gte !== undefined && !(Number.isInteger(gte) && gte >= 0 && gte <= 100))
      issues.push({ field: 'completenessGte', rule: 'range', message: 'must be an integer from 0 to 100' });
    if (query.completenessState !== undefined && gte === undefined)
      issues.push({ field: 'completenessState', rule: 'requires', message: 'names the state of completenessGte; give completenessGte too' });
    const named = (['completeFor', 'completenessState'] as const).filter((field) => query[field] !== undefined);
    if (named.length) {
      const states = await this.rules.stateIds(query.schemaId);
      for (const field of named) {
        if (!states.has(query[field] as string)) {
          const where = query.schemaId ? `of the workflow of schema '${query.schemaId}'` : 'of any workflow';
          issues.push({ field, rule: 'exists', message: `'${query[field]}' is not a state ${where}` });
        }
      }
    }
    if (issues.length) throw DomainError.validation(issues);
  }

  private async resolve(query: RecordListQuery): Promise<SearchPlan['conditions']> {
    const conditions: AttributeCondition[] = [...(query.filters ?? [])];
    if (conditions.length === 0 && !query.sku) return [];
    const [schemas, dimensions] = await Promise.all([
      query.schemaId ? this.workspace.findSchema(query.schemaId).then((schema) => (schema ? [schema] : [])) : this.workspace.listSchemas(),
      this.workspace.listDimensions(),
    ]);
    const attributes = new Map<string, AttributeDto[]>();
    for (const attribute of schemas.flatMap((schema) => schema.attributes)) attributes.set(attribute.alias, [...(attributes.get(attribute.alias) ?? []), attribute]);
    const segmentsByDimension = new Map(dimensions.map((dimension) => [dimension.id, new Set(dimension.segments.map((segment) => segment.id))]));
    const { issues, resolved } = resolveConditions(conditions, (alias) => attributes.get(alias) ?? [], { segmentsByDimension });
    if (issues.length) throw DomainError.validation(issues);
    // `sku` is the global value of the attribute of that alias: no schema needs to define it for the filter to be valid.
    if (query.sku) resolved.push({ condition: { attribute: 'sku', scope: {}, operator: 'eq', value: query.sku }, dataType: 'text' });
    return resolved;
  }
}
