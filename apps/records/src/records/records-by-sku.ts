import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, FIND_BY_SKU_MAX, type FindBySkuRequest, type RecordBySku, type ValidationIssue, type ValuesMap } from '@sigma/contracts';

// The jsonb containment probe is served by the values index (as bulk upsert's key lookup is).
const FIND = `SELECT x.sku, r.id, r."values" FROM unnest($2::text[]) AS x(sku)
  JOIN record r ON r."values" @> jsonb_build_object('sku', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', to_jsonb(x.sku))))
  WHERE r.schema_id = $1`;

/** Records by their global sku, for imports that diff a file against what the records hold. */
@Injectable()
export class RecordsBySkuService {
  constructor(private readonly dataSource: DataSource) {}

  async find(request: FindBySkuRequest): Promise<RecordBySku[]> {
    const { schemaId, skus } = validRequest(request);
    if (skus.length === 0) return [];
    const rows: { sku: string; id: string; values: ValuesMap }[] = await this.dataSource.query(FIND, [schemaId, [...new Set(skus)]]);
    return rows.map((row) => ({ id: row.id, sku: row.sku, values: row.values }));
  }
}

function validRequest(request: FindBySkuRequest): FindBySkuRequest {
  const issues: ValidationIssue[] = [];
  const { schemaId, skus } = request ?? ({} as FindBySkuRequest);
  if (typeof schemaId !== 'string' || schemaId.length === 0) issues.push({ field: 'schemaId', rule: 'required', message: 'schemaId must be a non-empty string' });
  if (!Array.isArray(skus) || skus.length > FIND_BY_SKU_MAX || skus.some((sku) => typeof sku !== 'string')) {
    issues.push({ field: 'skus', rule: 'type', message: `skus must be an array of at most ${FIND_BY_SKU_MAX} strings` });
  }
  if (issues.length > 0) throw DomainError.validation(issues);
  return { schemaId, skus };
}
