import { RECORD_SUMMARIZE_MAX_IDS } from '@sigma/contracts';
import type { RpcClient } from '@sigma/messaging';
import { summarizeRecords } from './record-summaries';

/** Records answering records.record.summarize for ids that start with 'known'. */
function recordsService(): { rpc: RpcClient; requests: string[][] } {
  const requests: string[][] = [];
  const rpc = {
    request: (_subject: string, { ids }: { ids: string[] }) => {
      requests.push(ids);
      return Promise.resolve(ids.filter((id) => id.startsWith('known')).map((id) => ({ id, schemaId: 'schema-apparel', sku: `SKU-${id}` })));
    },
  } as unknown as RpcClient;
  return { rpc, requests };
}

describe('summarizeRecords', () => {
  it('asks once per chunk of at most the bound, each id once, and maps the known ones', async () => {
    const { rpc, requests } = recordsService();
    const ids = Array.from({ length: RECORD_SUMMARIZE_MAX_IDS * 2 + 1 }, (_, i) => `known-${i}`);
    const summaries = await summarizeRecords(rpc, [...ids, ids[0], null, undefined, 'unknown-1']);
    expect(requests.map((chunk) => chunk.length)).toEqual([RECORD_SUMMARIZE_MAX_IDS, RECORD_SUMMARIZE_MAX_IDS, 2]);
    expect(summaries.size).toBe(ids.length);
    expect(summaries.get('known-7')).toEqual({ id: 'known-7', schemaId: 'schema-apparel', sku: 'SKU-known-7' });
    expect(summaries.has('unknown-1')).toBe(false);
  });

  it('asks nothing when no operation names a record', async () => {
    const { rpc, requests } = recordsService();
    expect((await summarizeRecords(rpc, [null, undefined])).size).toBe(0);
    expect(requests).toEqual([]);
  });
});
