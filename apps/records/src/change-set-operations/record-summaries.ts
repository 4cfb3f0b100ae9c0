import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, RECORD_SUMMARIZE_MAX_IDS, type RecordSummary, type ScopedValue } from '@sigma/contracts';

/** Names and SKUs of many records at once (change sets show them next to each operation). */
@Injectable()
export class RecordSummariesService {
  constructor(private readonly dataSource: DataSource) {}

  async summarize(ids: string[]): Promise<RecordSummary[]> {
    if (ids.length === 0) return [];
    if (ids.length > RECORD_SUMMARIZE_MAX_IDS) {
      throw DomainError.validation([{ field: 'ids', rule: 'maxSize', message: `at most ${RECORD_SUMMARIZE_MAX_IDS} per request` }]);
    }
    // Only the two values shown, not every value of every record.
    const rows = (await this.dataSource.query(
      `SELECT id, schema_id, "values"->'product-name' AS name, "values"->'sku' AS sku FROM record WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    )) as { id: string; schema_id: string; name: ScopedValue[] | null; sku: ScopedValue[] | null }[];
    return rows.map((row) => ({
      id: row.id,
      schemaId: row.schema_id,
      ...optional('name', globalValue(row.name)),
      ...optional('sku', globalValue(row.sku)),
    }));
  }
}

function globalValue(entries: ScopedValue[] | null): string | undefined {
  const value = entries?.find((entry) => Object.keys(entry.scope).length === 0)?.value;
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
