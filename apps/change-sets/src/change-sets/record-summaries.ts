import { RECORD_SUMMARIZE_MAX_IDS, type RecordSummary } from '@sigma/contracts';
import type { RpcClient } from '@sigma/messaging';

/** Names and SKUs of the records a set's operations name, asked in bounded chunks; unknown ids are absent. */
export async function summarizeRecords(rpc: RpcClient, entityIds: Iterable<string | null | undefined>): Promise<Map<string, RecordSummary>> {
  const ids = [...new Set([...entityIds].filter((id): id is string => !!id))];
  const summaries = new Map<string, RecordSummary>();
  for (let start = 0; start < ids.length; start += RECORD_SUMMARIZE_MAX_IDS) {
    const found = await rpc.request('records.record.summarize', { ids: ids.slice(start, start + RECORD_SUMMARIZE_MAX_IDS) });
    for (const summary of found) summaries.set(summary.id, summary);
  }
  return summaries;
}
