import { Client } from 'pg';
import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';
import type { Page } from 'playwright-core';
import { type BrowserSession, launchChromium, screenshot, seriousA11yViolations } from './support/browser';

/**
 * The review app on a larger set (602 operations) against the whole system: the completeness
 * effect of its operations, bulk decisions by filter with the counts the API answers, and an
 * apply that outlasts the quick-answer window (202), followed with a progress bar to its result.
 * A row lock on the record of the last operation holds the apply mid-way, so the progress is seen
 * however fast the machine is.
 */
jest.setTimeout(180_000);

const SCHEMA = 'schema-apparel';
const MATERIAL = 540;
const PRICE = 60;

describe('review app at scale in a browser (e2e)', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  let page: Page;
  let origin: string;
  let setId: string;
  let completingOperation: string;

  const expectAccessible = async (screen: string) => {
    const violations = await seriousA11yViolations(page);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  };

  beforeAll(async () => {
    // Applies taking longer than half a second answer 202 and run on.
    system = await startTestSystem({ label: 'web-scale', env: { APPLY_QUICK_ANSWER_MS: '500' } });
    origin = system.baseUrl.replace(/\/api\/v1$/, '');
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 30_000);

  it('shows the completeness effect per operation and the records the set would make complete', async () => {
    const operations = [
      // ent-004 lacks its Danish and German names: this completes its draft.
      {
        type: 'update',
        entityId: 'ent-004',
        schemaId: SCHEMA,
        changes: [
          { attributeAlias: 'product-name', attributeName: 'Product Name', scope: { 'dim-language': 'seg-da' }, newValue: 'Hør sommerbukser' },
          { attributeAlias: 'product-name', attributeName: 'Product Name', scope: { 'dim-language': 'seg-de' }, newValue: 'Leinen-Sommerhose' },
        ],
      },
      ...Array.from({ length: MATERIAL }, (_, index) => ({
        type: 'update',
        entityId: index % 2 ? 'ent-002' : 'ent-001',
        schemaId: SCHEMA,
        changes: [{ attributeAlias: 'material', attributeName: 'Material', newValue: `Linen blend ${index}` }],
      })),
      ...Array.from({ length: PRICE }, (_, index) => ({
        type: 'update',
        entityId: index % 2 ? 'ent-002' : 'ent-001',
        schemaId: SCHEMA,
        changes: [{ attributeAlias: 'price', attributeName: 'Price', scope: { 'dim-market': 'seg-dk' }, newValue: 600 + index }],
      })),
      // Last in the set: its record's lock holds the apply after the first chunk.
      { type: 'update', entityId: 'ent-003', schemaId: SCHEMA, changes: [{ attributeAlias: 'material', attributeName: 'Material', newValue: 'Recycled nylon' }] },
    ];
    const created = await system.api.as('editor', 'POST', '/change-sets', { title: 'Spring catalogue import', source: { type: 'import', name: 'Spring CSV' }, operations });
    expect(created.status).toBe(201);
    setId = created.body.id;
    completingOperation = created.body.operations[0].id;
    expect((await system.api.as('editor', 'POST', `/change-sets/${setId}/submit`)).status).toBe(200);

    await page.goto(`${origin}/`);
    await page.getByLabel('Username').fill('reviewer');
    await page.getByLabel('Password').fill('reviewer-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Change sets' }).waitFor();
    await page.goto(`${origin}/change-sets/${setId}`);
    await page.getByRole('heading', { name: /Spring catalogue import/ }).waitFor();

    const effect = page.getByRole('list', { name: `Completeness effect of ${completingOperation}` });
    await eventually(async () => expect(await effect.innerText()).toMatch(/Draft 33% \(1\/3\) → 100% \(3\/3\)/), 20_000, 250);
    const summary = page.getByRole('region', { name: 'Completeness effect' });
    expect(await summary.innerText()).toMatch(/Records it would make complete \(first 200 of 602 operations\):\s*Draft: 1 record/);
    await screenshot(page, '11-completeness-effect');
    await expectAccessible('completeness effect');
  });

  it('approves and rejects by filter, showing the counts the API answered', async () => {
    await page.getByText('Approve or reject all matching…').click();
    const form = page.getByRole('form', { name: 'Decide by filter' });
    await form.getByLabel('Attribute').selectOption('material');
    await form.getByLabel('Review note').fill('Materials checked by sampling');
    await form.getByRole('button', { name: 'Approve all matching' }).click();
    const outcome = form.locator('.bulk-form__outcome');
    await eventually(async () =>
      expect(await outcome.innerText()).toBe(
        'Approve attribute material: 541 approved, 0 rejected, 0 already decided (left as they were). The set is now pending approval; 61 operations still pending.',
      ),
    );
    await screenshot(page, '12-bulk-by-filter');
    await expectAccessible('bulk decision by filter');

    await form.getByLabel('Attribute').selectOption('price');
    await form.getByLabel('Segment').selectOption('seg-dk');
    await form.getByRole('button', { name: 'Reject all matching' }).click();
    await eventually(async () => expect(await outcome.innerText()).toMatch(/^Reject attribute price, segment seg-dk: 0 approved, 60 rejected, 0 already decided .* 1 operation still pending\.$/));

    // What is left (the ent-004 names), with no filter: the last pending operation decides the set.
    await form.getByLabel('Attribute').selectOption('');
    await form.getByLabel('Segment').selectOption('');
    await form.getByRole('button', { name: 'Approve all matching' }).click();
    await page.locator('h1 .badge', { hasText: 'approved' }).waitFor();
    const stored = await system.api.as('viewer', 'GET', `/change-sets/${setId}`);
    expect(stored.body.operationSummary ?? stored.body.operations.reduce((counts: Record<string, number>, op: { status: string }) => ({ ...counts, [op.status]: (counts[op.status] ?? 0) + 1 }), {})).toMatchObject({
      approved: 542,
      rejected: PRICE,
    });
  });

  it('applies past the quick-answer window: a progress bar while applying, then the result per operation', async () => {
    const locker = new Client({ connectionString: system.database.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT id FROM records.record WHERE id = $1 FOR UPDATE', ['ent-003']);
      await page.getByRole('button', { name: 'Apply approved changes' }).click();
      const progress = page.getByRole('region', { name: 'Apply' }).locator('.apply__progress');
      await page.locator('h1 .badge', { hasText: 'applying' }).waitFor();
      // The first chunk goes through; the last operation waits on the lock.
      await eventually(async () => expect(await progress.innerText()).toMatch(/Applying… [1-9]\d* of 542 done \(\d+ applied, 0 failed\)/), 60_000, 250);
      await expect(page.locator('progress#apply-progress').getAttribute('max')).resolves.toBe('542');
      await screenshot(page, '13-apply-progress');
      await expectAccessible('apply in progress');
    } finally {
      await locker.query('COMMIT').catch(() => undefined);
      await locker.end();
    }
    await page.locator('h1 .badge', { hasText: /^applied$/ }).waitFor({ timeout: 90_000 });
    const panel = page.getByRole('region', { name: 'Apply' });
    expect(await panel.innerText()).toMatch(/542\s*applied,\s*60\s*skipped,\s*0\s*with errors/);
    await expect(panel.locator('tbody tr').first().innerText()).resolves.toMatch(/Linen Summer Trousers\s+applied/);
    await expect(panel.locator('tbody tr', { hasText: 'skipped' }).count()).resolves.toBe(PRICE);
    await screenshot(page, '14-apply-result');
    await expectAccessible('apply result');
  });
});
