import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

type AuditEntry = { action: string; changes: { attributeAlias: string; newValue: unknown }[] };

/**
 * The completeness gate under concurrent edits: a publish (requires 100 %) racing an edit that
 * clears a required value must never leave a record published on the strength of a score the edit
 * made untrue. Records decide the order (each write takes the row lock and the next version), so
 * the versions the two responses carry tell which one committed first.
 */
jest.setTimeout(240000);

const RACES = 50;
const da = { 'dim-language': 'seg-da' };
const de = { 'dim-language': 'seg-de' };

/** Complete for state-published (garment-type trousers hides the guarded sleeve-length). */
const completeValues = (sku: string) => ({
  'product-name': [
    { scope: da, value: `Bukser ${sku}` },
    { scope: de, value: `Hose ${sku}` },
  ],
  sku: [{ scope: {}, value: sku }],
  price: [
    { scope: { 'dim-market': 'seg-dk' }, value: 499 },
    { scope: { 'dim-market': 'seg-de' }, value: 69 },
  ],
  description: [
    { scope: da, value: 'Beskrivelse' },
    { scope: de, value: 'Beschreibung' },
  ],
  material: [{ scope: {}, value: 'Cotton' }],
  'garment-type': [{ scope: {}, value: 'trousers' }],
});

describe('write races (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'write-races' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const transitionMs: number[] = [];
  const inReview = async (sku: string): Promise<string> => {
    const created = await system.api.as('editor', 'POST', '/records', { schemaId: 'schema-apparel', values: completeValues(sku) });
    expect(created.status).toBe(201);
    const started = performance.now();
    const moved = await system.api.as('editor', 'POST', `/records/${created.body.id}/transition`, { transitionId: 'trans-draft-to-review' });
    transitionMs.push(performance.now() - started);
    expect(moved.status).toBe(200);
    return created.body.id;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const publish = (id: string) => system.api.as('editor', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });

  it(`publish racing a PATCH that clears a required value, ${RACES} times: never published on a stale score`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < RACES; i++) ids.push(await inReview(`RACE-${i}`));
    // Which side wins at the same instant depends on the machine, so each race starts its two
    // requests at a different offset, from the PATCH a transition's length ahead to the publish a
    // transition's length ahead: both orders of arrival happen on a fast machine and on a loaded one.
    const span = 1.5 * median(transitionMs);
    const offsetOf = (index: number) => -span + (2 * span * index) / (RACES - 1);
    const outcomes: { transition: number; patch: number; order?: 'publish-first' | 'clear-first' }[] = [];
    for (let start = 0; start < RACES; start += 10) {
      const batch = await Promise.all(
        ids.slice(start, start + 10).map(async (id, inBatch) => {
          const offset = offsetOf(start + inBatch);
          const [transition, patch] = await Promise.all([
            sleep(Math.max(0, offset)).then(() => publish(id)),
            sleep(Math.max(0, -offset)).then(() => system.api.as('editor', 'PATCH', `/records/${id}/values/material`, { scopedValues: [] })),
          ]);
          expect([200, 409, 422]).toContain(transition.status);
          expect(patch.status).toBe(200);
          if (transition.status !== 200) return { transition: transition.status, patch: patch.status };
          const order = transition.body.version < patch.body.version ? 'publish-first' : 'clear-first';
          return { transition: transition.status, patch: patch.status, order } as const;
        }),
      );
      outcomes.push(...batch);
    }
    // A publish that committed after the clearing edit would have been decided on the cleared value's predecessor.
    expect(outcomes.filter((outcome) => outcome.order === 'clear-first')).toEqual([]);
    for (const id of ids) {
      const record = (await system.api.as('viewer', 'GET', `/records/${id}`)).body;
      if (record.lifecycleStateId !== 'state-published') continue;
      const audit = await eventually(async () => {
        const entries = (await system.api.as('viewer', 'GET', `/records/${id}/audit?limit=500`)).body as AuditEntry[];
        expect(entries).toHaveLength(4);
        return entries;
      });
      // Published: the trail (oldest first) shows the publish before the material was cleared, never after.
      const published = audit.findIndex((entry) => entry.action === 'transition' && entry.changes.some((change) => change.newValue === 'state-published'));
      const cleared = audit.findIndex((entry) => entry.action === 'update' && entry.changes.some((change) => change.attributeAlias === 'material'));
      expect(published).toBeGreaterThan(0);
      expect(cleared).toBeGreaterThan(published);
    }
    // The race was real: both orders of arrival happened, so each side sometimes won.
    expect(outcomes.some((outcome) => outcome.transition === 200)).toBe(true);
    expect(outcomes.some((outcome) => outcome.transition !== 200)).toBe(true);
  });

  it('a concurrent category change does not fail a publish: the gate scores again on the new version', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await inReview(`CAT-RACE-${i}`));
    const results = await Promise.all(
      ids.map(async (id) => {
        const [transition, categories] = await Promise.all([
          publish(id),
          system.api.as('editor', 'PUT', `/records/${id}/categories`, { categories: [{ categoryId: 'cat-outerwear' }] }),
        ]);
        return { transition: transition.status, state: transition.body.lifecycleStateId, categories: categories.status };
      }),
    );
    expect(results.every((result) => result.transition === 200 && result.state === 'state-published' && result.categories === 200)).toBe(true);
  });

  it("the workflow's allowedRoleIds decide who may run a transition: an admin lets reviewers publish", async () => {
    const id = await inReview('ROLE-PUB-1');
    const refused = await system.api.as('reviewer', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });
    expect(refused.status).toBe(403);
    const workflow = (await system.api.as('admin', 'GET', '/workflows/workflow-apparel')).body;
    const transitions = workflow.transitions.map((transition: { id: string; allowedRoleIds: string[] }) =>
      transition.id === 'trans-review-to-published' ? { ...transition, allowedRoleIds: [...transition.allowedRoleIds, 'role-reviewer'] } : transition,
    );
    const { schemaId, name, initialStateId, states } = workflow;
    const updated = await system.api.as('admin', 'PUT', '/workflows/workflow-apparel', { schemaId, name, initialStateId, states, transitions });
    expect(updated.status).toBe(200);
    const allowed = await system.api.as('reviewer', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.lifecycleStateId).toBe('state-published');
    // A viewer is still refused by the workflow, not by the endpoint.
    const viewer = await system.api.as('viewer', 'POST', `/records/${id}/transition`, { transitionId: 'trans-review-to-published' });
    expect(viewer.status).toBe(409);
  });
});
