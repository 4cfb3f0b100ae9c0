import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

describe('change sets: the seed walkthrough (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'cs-smoke' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lists the demo set pending approval, as in the seed', async () => {
    const response = await system.api.as('reviewer', 'GET', '/change-sets?status=pending_approval');
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject({
      id: 'cs-agent-enrichment',
      title: 'AI Product Enrichment',
      source: { type: 'agent', id: 'agent-claude', name: 'Claude', context: 'Enrichment pipeline run #47' },
      status: 'pending_approval',
      createdAt: '2025-03-01T10:00:00.000Z',
      submittedAt: '2025-03-01T10:05:00.000Z',
      revisionCount: 0,
    });
    expect(response.body[0].operations[0]).toMatchObject({
      id: 'cop-enrich-1',
      type: 'update',
      entityId: 'ent-001',
      entityName: 'Classic Oxford Shirt',
      entitySku: 'OXF-001',
      schemaId: 'schema-apparel',
      status: 'pending',
      changes: [
        {
          attributeAlias: 'short-description',
          attributeName: 'Short Description',
          oldValue: 'A classic shirt.',
          newValue: 'Timeless Oxford weave in premium cotton...',
          confidence: 0.92,
          reasoning: 'Enhanced with fabric details and style context',
        },
      ],
    });
  });

  it('reviews and applies the demo set: 2 applied, 1 skipped, audited with the change-set ids', async () => {
    const annotate = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/operations/cop-enrich-1/annotate', {
      attributeAlias: 'short-description',
      text: 'premium cotton',
      startOffset: 28,
      endOffset: 42,
      sentiment: 'good',
      note: 'Good use of material specification',
    });
    expect(annotate.status).toBe(201);
    expect(annotate.body).toMatchObject({ id: expect.stringMatching(/^snip_/), text: 'premium cotton', startOffset: 25, endOffset: 39 });
    const rate = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/operations/cop-enrich-1/rate', {
      attributeAlias: 'short-description',
      rating: 'good',
    });
    expect(rate.status).toBe(200);
    const reject = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/operations/cop-enrich-2/reject', {
      reviewNote: 'Price change too aggressive',
    });
    expect(reject.status).toBe(200);
    const approve = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/approve', { reviewNote: 'Looks great, applying to catalog.' });
    expect(approve.status).toBe(200);
    expect(approve.body.status).toBe('approved');
    const apply = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/apply');
    expect(apply.status).toBe(200);
    expect(apply.body).toEqual({ applied: 2, skipped: 1, errors: [] });
    const again = await system.api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/apply');
    expect(again.body).toEqual({ applied: 2, skipped: 1, errors: [] });
    const set = await system.api.as('viewer', 'GET', '/change-sets/cs-agent-enrichment');
    expect(set.body.status).toBe('applied');
    const record = await system.api.as('viewer', 'GET', '/records/ent-001');
    expect(record.body.values['short-description']).toEqual([{ scope: {}, value: 'Timeless Oxford weave in premium cotton...' }]);
    const audit = await eventually(async () => {
      const response = await system.api.as('viewer', 'GET', '/records/ent-001/audit?order=desc');
      expect(response.body[0].changeSetId).toBe('cs-agent-enrichment');
      return response;
    });
    expect(audit.body[0]).toMatchObject({
      action: 'update',
      userId: 'user-reviewer',
      changeSetId: 'cs-agent-enrichment',
      operationId: 'cop-enrich-1',
      changes: [{ attributeAlias: 'short-description', scope: {}, oldValue: 'A classic shirt.', newValue: 'Timeless Oxford weave in premium cotton...' }],
    });
    const stats = await system.api.as('viewer', 'GET', '/change-sets/stats');
    expect(stats.body).toEqual({ pending: 0, approvedThisWeek: 1, totalApplied: 1, activeSourceCount: 0 });
  });
});
