import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

jest.setTimeout(180000);

type FeedEvent = { cursor: string; id: string; type: string; aggregateId: string; sequence: number; payload: Record<string, unknown> };
type FeedPage = { items: FeedEvent[]; nextCursor: string; skipped: number };

const newRecord = (sku: string) => ({ schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: sku }], material: [{ scope: {}, value: 'Cotton' }] } });

/** GET /events: the change feed, read by cursor, resumed after restarts. */
describe('change feed (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'events-feed' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const page = async (query: string, user = 'viewer') => {
    const response = await system.api.as(user, 'GET', `/events${query}`);
    expect(response.status).toBe(200);
    return response.body as FeedPage;
  };

  /** Reads from `after` until an empty page: every event, and the cursor to resume from. */
  async function drain(after: string | undefined, limit = 50, types?: string): Promise<{ events: FeedEvent[]; cursor: string | undefined }> {
    const events: FeedEvent[] = [];
    let cursor = after;
    for (;;) {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor && { after: cursor }), ...(types && { types }) });
      const next = await page(`?${query}`);
      if (next.items.length === 0 && next.nextCursor === cursor) return { events, cursor };
      events.push(...next.items);
      cursor = next.nextCursor;
    }
  }

  async function writeSome(prefix: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = await system.api.as('editor', 'POST', '/records', newRecord(`${prefix}-${i}`));
      expect(created.status).toBe(201);
      ids.push(created.body.id);
      const updated = await system.api.as('editor', 'PATCH', `/records/${created.body.id}/values/material`, { scopedValues: [{ scope: {}, value: 'Linen' }] });
      expect(updated.status).toBe(200);
    }
    return ids;
  }

  it('pages every committed event in order, each record\'s in commit order, and resumes after an audit SIGKILL missing nothing', async () => {
    const before = await writeSome('FEED-A', 5);
    const first = await eventually(async () => {
      const all = await drain(undefined, 7);
      expect(all.events.filter((event) => before.includes(event.aggregateId))).toHaveLength(10);
      return all;
    });
    // Cursors are strictly increasing and ids unique.
    const cursors = first.events.map((event) => Number(event.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(first.events.map((event) => event.id)).size).toBe(first.events.length);
    for (const id of before) {
      const own = first.events.filter((event) => event.aggregateId === id);
      expect(own.map((event) => [event.type, event.sequence])).toEqual([
        ['records.record.created', 1],
        ['records.record.updated', 2],
      ]);
    }

    // The reader stops here; the service that serves the feed dies and comes back while writes go on.
    await system.service('audit').kill('SIGKILL');
    const during = await writeSome('FEED-B', 3);
    await system.restart('audit');
    const after = await writeSome('FEED-C', 2);
    const resumed = await eventually(async () => {
      const rest = await drain(first.cursor, 4);
      expect(rest.events.filter((event) => [...during, ...after].includes(event.aggregateId))).toHaveLength(10);
      return rest;
    });
    const seen = [...first.events, ...resumed.events].map((event) => event.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(resumed.events.every((event) => !before.includes(event.aggregateId))).toBe(true);
    expect(resumed.events.filter((event) => [...during, ...after].includes(event.aggregateId)).map((event) => event.type)).toEqual(
      Array.from({ length: 5 }, () => ['records.record.created', 'records.record.updated']).flat(),
    );
    // Nothing newer: an empty page that keeps the cursor.
    expect(await page(`?after=${resumed.cursor}`)).toEqual({ items: [], nextCursor: resumed.cursor, skipped: 0 });
  });

  it('narrows by type', async () => {
    const [id] = await writeSome('FEED-T', 1);
    const updates = await eventually(async () => {
      const all = await drain(undefined, 100, 'records.record.updated');
      expect(all.events.some((event) => event.aggregateId === id)).toBe(true);
      return all.events;
    });
    expect(updates.every((event) => event.type === 'records.record.updated')).toBe(true);
    expect(updates.find((event) => event.aggregateId === id)?.payload.changes).toEqual([
      expect.objectContaining({ attributeAlias: 'material', oldValue: 'Cotton', newValue: 'Linen' }),
    ]);
  });

  it('refuses a bad cursor, an unknown type and a limit out of range, naming the parameter; needs a caller', async () => {
    for (const [query, field] of [
      ['?after=abc', 'after'],
      ['?types=records.record.exploded', 'types'],
      ['?limit=5000', 'limit'],
    ] as const) {
      const response = await system.api.as('viewer', 'GET', `/events${query}`);
      expect(response.status).toBe(400);
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect((await system.api.request('GET', '/events')).status).toBe(401);
  });
});
