import type { RecordDto, Scope, ValuesMap } from '@sigma/contracts';
import type { ApiClient } from '../api-client';
import { type ActAs, expectCreated, uniqueSku } from './unique';

export interface RecordOptions extends ActAs {
  schemaId: string;
  /** Values to set; a unique `sku` is added unless given here or `sku` is null. */
  values?: ValuesMap;
  /** The SKU (default: a unique one); null for a schema without `sku`. */
  sku?: string | null;
}

/** `{ alias: [{ scope, value }] }` for one value, the way the API takes values. */
export function scopedValue(v: unknown, scope: Scope = {}): { scope: Scope; value: unknown }[] {
  return [{ scope, value: v }];
}

/** A new record (as editor unless told otherwise) with a unique SKU. */
export function createRecord(api: ApiClient, options: RecordOptions): Promise<RecordDto> {
  const sku = options.sku === undefined ? uniqueSku() : options.sku;
  const values: ValuesMap = { ...(sku !== null && { sku: scopedValue(sku) }), ...options.values };
  return expectCreated(api, options.as ?? 'editor', 'POST', '/records', { schemaId: options.schemaId, values });
}
