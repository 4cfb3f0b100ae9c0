import { change, createChangeSet, operation, startTestSystem, submittedChangeSet, type TestSystem } from '@sigma/testing';

jest.setTimeout(120000);

const APPAREL = 'schema-apparel';
const AGENT = { type: 'agent', id: 'agent-insights', name: 'Insights agent' } as const;

/** GET /change-sets/insights: acceptance and time to decision per source type, source, agent and attribute. */
describe('change sets API: review insights (e2e)', () => {
  let system: TestSystem;
  let from: string;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-insights' });
    // After the demo set was submitted at start-up: only this test's sets fall in the period.
    from = new Date().toISOString();
    const api = system.api;
    const twoChanges = await submittedChangeSet(api, {
      as: 'agent',
      source: AGENT,
      operations: [operation.update('ent-001', APPAREL, change('material', 'Hemp'), change('short-description', 'Very nice.'))],
    });
    const decided = await api.as('reviewer', 'POST', `/change-sets/${twoChanges.id}/operations/${twoChanges.operations[0].id}/changes/decide`, {
      decisions: [
        { attributeAlias: 'material', decision: 'approve' },
        { attributeAlias: 'short-description', decision: 'reject' },
      ],
    });
    expect(decided.body.status).toBe('approved');
    const rejected = await submittedChangeSet(api, { as: 'agent', source: AGENT, operations: [operation.update('ent-001', APPAREL, change('material', 'Plastic'))] });
    expect((await api.as('reviewer', 'POST', `/change-sets/${rejected.id}/reject`, { reviewNote: 'No' })).body.status).toBe('rejected');
    await submittedChangeSet(api, { as: 'agent', source: AGENT, operations: [operation.update('ent-001', APPAREL, change('material', 'Undecided'))] });
    const byUser = await submittedChangeSet(api, { operations: [operation.update('ent-001', APPAREL, change('material', 'Wool'))] });
    expect((await api.as('reviewer', 'POST', `/change-sets/${byUser.id}/approve`, {})).body.status).toBe('approved');
    // A draft was never submitted: it counts nowhere.
    await createChangeSet(api, { as: 'agent', source: AGENT, operations: [operation.update('ent-001', APPAREL, change('material', 'Draft'))] });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const insights = async (query: string, user = 'viewer') => {
    const response = await system.api.as(user, 'GET', `/change-sets/insights${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('counts decided and approved changes and times decisions per source type, source and agent', async () => {
    const body = await insights(`?from=${encodeURIComponent(from)}`);
    expect(body.from).toBe(from);
    expect(body.bySourceType).toEqual([
      expect.objectContaining({ sourceType: 'agent', sets: 3, decidedChanges: 3, approvedChanges: 1, acceptanceRate: 0.3333 }),
      expect.objectContaining({ sourceType: 'user', sets: 1, decidedChanges: 1, approvedChanges: 1, acceptanceRate: 1 }),
    ]);
    const agent = body.bySource.find((row: { sourceKey: string }) => row.sourceKey === 'agent-insights');
    expect(agent).toMatchObject({ sourceName: 'Insights agent', sourceType: 'agent', sets: 3, decidedChanges: 3, approvedChanges: 1 });
    expect(agent.timeToDecision.decidedSets).toBe(2);
    expect(agent.timeToDecision.p50Seconds).toBeGreaterThanOrEqual(0);
    expect(agent.timeToDecision.p95Seconds).toBeGreaterThanOrEqual(agent.timeToDecision.p50Seconds);
    expect(body.byAgent.map((row: { sourceKey: string }) => row.sourceKey)).toEqual(['agent-insights']);
  });

  it('counts per attribute, an operation decided as a whole deciding its changes', async () => {
    const body = await insights(`?from=${encodeURIComponent(from)}`);
    expect(body.byAttribute).toEqual([
      { attributeAlias: 'material', decidedChanges: 3, approvedChanges: 2, acceptanceRate: 0.6667 },
      { attributeAlias: 'short-description', decidedChanges: 1, approvedChanges: 0, acceptanceRate: 0 },
    ]);
  });

  it('covers only sets submitted in the period', async () => {
    const body = await insights(`?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`);
    expect(body).toMatchObject({ bySourceType: [], bySource: [], byAgent: [], byAttribute: [] });
  });

  it('refuses a bad instant, an inverted or too long period (400 naming the field); needs a caller', async () => {
    for (const [query, field] of [
      ['?from=yesterday', 'from'],
      ['?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'from'],
      ['?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from'],
    ] as const) {
      const response = await system.api.as('viewer', 'GET', `/change-sets/insights${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.body.details.map((detail: { field: string }) => detail.field)).toContain(field);
    }
    expect((await system.api.request('GET', '/change-sets/insights')).status).toBe(401);
  });
});
