import { cellText, ID_COLUMN, type RecordColumn, type RecordDto, type RecordListQuery } from '@sigma/contracts';
import type { RpcClient } from '@sigma/messaging';

/** Records read per request to the records service while a file streams. */
export const EXPORT_PAGE_SIZE = 500;
/** One export holds at most this many records; narrow larger catalogs with filters (e.g. updatedSince). */
export const EXPORT_MAX_RECORDS = 100_000;

export const headerRow = (columns: readonly RecordColumn[]): string[] => [ID_COLUMN, ...columns.map((column) => column.name)];

/** One record as the cells of `columns` (after its id). */
export function recordRow(record: RecordDto, columns: readonly RecordColumn[]): string[] {
  const byKey = new Map<string, unknown>();
  for (const [alias, scoped] of Object.entries(record.values)) {
    for (const entry of scoped) byKey.set(`${alias}\u0000${JSON.stringify(Object.entries(entry.scope).sort())}`, entry.value);
  }
  return [record.id, ...columns.map((column) => cellText(byKey.get(`${column.attributeAlias}\u0000${JSON.stringify(Object.entries(column.scope).sort())}`)))];
}

type ExportQuery = Omit<RecordListQuery, 'offset' | 'limit' | 'cursor' | 'sort'>;

/**
 * The matching records page by page (keyset cursor, oldest first), up to EXPORT_MAX_RECORDS. The
 * first page is read before this resolves, so a refused query (an unknown attribute in `filters`)
 * is an error answer, not a file cut short.
 */
export async function openExport(rpc: RpcClient, query: ExportQuery): Promise<AsyncGenerator<RecordDto>> {
  const page = (cursor?: string) => rpc.request('records.record.list', { ...query, sort: 'createdAt', cursor, offset: 0, limit: EXPORT_PAGE_SIZE });
  const first = await page();
  return (async function* records() {
    let current = first;
    let sent = 0;
    for (;;) {
      for (const record of current.items) {
        if (sent++ >= EXPORT_MAX_RECORDS) return;
        yield record;
      }
      if (!current.nextCursor) return;
      current = await page(current.nextCursor);
    }
  })();
}
