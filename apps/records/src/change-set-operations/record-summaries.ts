import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { RecordSummary, ValuesMap } from '@sigma/contracts';
import { RecordEntity } from '../database/entities';

/** Names and SKUs of many records at once (change sets show them next to each operation). */
@Injectable()
export class RecordSummariesService {
  constructor(private readonly dataSource: DataSource) {}

  async summarize(ids: string[]): Promise<RecordSummary[]> {
    if (ids.length === 0) return [];
    const records = await this.dataSource.manager.find(RecordEntity, {
      where: { id: In([...new Set(ids)]) },
      select: { id: true, schemaId: true, values: true },
    });
    return records.map((record) => ({
      id: record.id,
      schemaId: record.schemaId,
      ...optional('name', globalValue(record.values, 'product-name')),
      ...optional('sku', globalValue(record.values, 'sku')),
    }));
  }
}

function globalValue(values: ValuesMap, alias: string): string | undefined {
  const value = values[alias]?.find((entry) => Object.keys(entry.scope).length === 0)?.value;
  return typeof value === 'string' ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
