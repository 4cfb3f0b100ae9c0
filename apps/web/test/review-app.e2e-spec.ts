import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';
import type { Page } from 'playwright-core';
import { type BrowserSession, launchChromium, screenshot, seriousA11yViolations } from './support/browser';

/**
 * The review app in Chromium against the whole system (the gateway serves the built app): a
 * reviewer rates, annotates and asks for a revision; the agent resubmits over the API; the
 * reviewer sees the revision timeline and what changed since their last review, decides per change
 * and per operation, applies, and reads the record's audit trail.
 */
describe('review app in a browser (e2e)', () => {
  let system: TestSystem;
  let browser: BrowserSession;
  let page: Page;
  let origin: string;
  const DEMO = 'cs-agent-enrichment';
  /** The short description as the agent revised it. */
  const REVISED = 'Timeless Oxford weave in premium cotton, button-down collar.';

  const expectAccessible = async (screen: string, target: Page = page) => {
    const violations = await seriousA11yViolations(target);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  };
  const text = (selector: string) => page.locator(selector).first().innerText();
  const change = (ordinal: number) => page.locator(`article[data-ordinal="${ordinal}"]`);
  const signIn = async (target: Page, username: string) => {
    await target.goto(`${origin}/`);
    await target.getByLabel('Username').fill(username);
    await target.getByLabel('Password').fill(`${username}-demo`);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('heading', { name: 'Change sets' }).waitFor();
  };

  beforeAll(async () => {
    system = await startTestSystem({ label: 'web' });
    origin = system.baseUrl.replace(/\/api\/v1$/, '');
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(15000);
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  }, 30000);

  it('is served by the gateway at / while API paths keep their JSON answers', async () => {
    const home = await fetch(`${origin}/change-sets/${DEMO}`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(await home.text()).toContain('<div id="root">');
    const unknown = await fetch(`${origin}/api/v1/no-such-endpoint`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404, code: 'not-found' });
  });

  it('signs the reviewer in and shows their queue first, with counts per status', async () => {
    await page.goto(`${origin}/`);
    await expect(page.getByRole('heading', { name: /Sigma PIM review/ }).isVisible()).resolves.toBe(true);
    await screenshot(page, '01-sign-in');
    await expectAccessible('sign-in');
    await page.getByLabel('Username').fill('reviewer');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/Sign-in failed: Unauthorized \(401/);
    await signIn(page, 'reviewer');
    const queue = page.getByRole('link', { name: /Your queue/ });
    await expect(queue.getAttribute('aria-current')).resolves.toBe('page');
    await eventually(async () => expect(await queue.innerText()).toMatch(/Your queue\s*1/));
    await page.getByRole('link', { name: 'AI Product Enrichment' }).waitFor();
    await expect(page.getByRole('link', { name: 'API reference' }).getAttribute('href')).resolves.toBe('/api/v1/docs');
    await screenshot(page, '02-inbox');
    await expectAccessible('inbox');
  });

  it('opens the demo change set: source, status, operations grouped by record, word diff', async () => {
    await page.getByRole('link', { name: 'AI Product Enrichment' }).click();
    await page.getByRole('heading', { name: /AI Product Enrichment/ }).waitFor();
    expect(page.url()).toBe(`${origin}/change-sets/${DEMO}`);
    const facts = await text('.facts');
    expect(facts).toMatch(/agent\s+Claude/);
    expect(facts).toContain('Enrichment pipeline run #47');
    expect(await page.locator('h3.record-head').allInnerTexts()).toEqual([
      expect.stringContaining('Classic Oxford Shirt'),
      expect.stringContaining('Merino Crew Sweater'),
    ]);
    // The word diff strikes the replaced words and marks the proposed ones (the final "." is common to both).
    await expect(change(0).locator('del').allInnerTexts()).resolves.toEqual(['A classic shirt']);
    await expect(change(0).locator('ins').allInnerTexts()).resolves.toEqual(['Timeless Oxford weave in premium cotton..']);
    await expect(change(1).locator('.change__old').innerText()).resolves.toMatch(/119/);
    await expect(change(1).locator('.change__new').innerText()).resolves.toMatch(/149/);
    await screenshot(page, '03-change-set');
    await expectAccessible('change set');
  });

  it('rates a change and annotates a snippet selected with the mouse', async () => {
    await change(0).getByRole('button', { name: 'Good' }).click();
    await eventually(async () => expect(await change(0).getByRole('button', { name: 'Good' }).getAttribute('aria-pressed')).toBe('true'));

    const box = (await page.evaluate(`(() => {
      const node = document.querySelector('article[data-ordinal="0"] ins').firstChild;
      const at = node.data.indexOf('premium cotton');
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 'premium cotton'.length);
      const rects = range.getClientRects();
      const first = rects[0];
      const last = rects[rects.length - 1];
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    })()`)) as { x1: number; y1: number; x2: number; y2: number };
    await page.mouse.move(box.x1, box.y1);
    await page.mouse.down();
    await page.mouse.move(box.x2, box.y2, { steps: 5 });
    await page.mouse.up();
    const form = page.getByRole('form', { name: /Annotate Proposed Short Description/ }).first();
    await expect(form.getByLabel('Snippet').inputValue()).resolves.toBe('premium cotton');
    await form.getByLabel('Note').fill('Good use of material specification');
    await form.getByRole('button', { name: 'Save annotation' }).click();
    await change(0).getByRole('list', { name: /Annotations on/ }).waitFor();
    await expect(change(0).getByRole('list', { name: /Annotations on/ }).innerText()).resolves.toMatch(/good\s*“premium cotton”\s*25–39 — Good use of material specification/);

    const stored = await system.api.as('viewer', 'GET', `/change-sets/${DEMO}`);
    expect(stored.body.operations[0].changes[0]).toMatchObject({ rating: 'good', annotations: [expect.objectContaining({ text: 'premium cotton', startOffset: 25, endOffset: 39, sentiment: 'good' })] });
  });

  it('requests a revision after showing the feedback summary', async () => {
    await page.getByRole('button', { name: 'Request revision…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request a revision' });
    await dialog.waitFor();
    expect(await dialog.locator('.feedback-counts').innerText()).toMatch(/Good\s*1\s*Bad\s*0\s*Unrated\s*2\s*Snippets\s*1/);
    await screenshot(page, '04-request-revision');
    await expectAccessible('revision dialog');
    await dialog.getByLabel('Message to the source').fill('Please add SEO keywords for the summer collection.');
    await dialog.getByRole('button', { name: 'Send revision request' }).click();
    await page.locator('h1 .badge', { hasText: 'revision requested' }).waitFor();
    expect(await text('.feedback')).toContain('Please add SEO keywords for the summer collection.');
    await page.locator('.thread__list', { hasText: 'Please add SEO keywords' }).waitFor();
    await expect(page.getByRole('button', { name: /Approve operation/ }).count()).resolves.toBe(0);
  });

  it('shows the revision timeline and the changes since the last review after the agent revises and resubmits', async () => {
    // The agent names the collar (a new value) and adds a Danish description (a new change), then resubmits.
    const revised = await system.api.as('agent', 'PATCH', `/change-sets/${DEMO}/operations/cop-enrich-1`, {
      changes: [
        { attributeAlias: 'short-description', attributeName: 'Short Description', oldValue: 'A classic shirt.', newValue: REVISED, confidence: 0.95 },
        { attributeAlias: 'description', attributeName: 'Description', scope: { 'dim-language': 'seg-da' }, newValue: 'Skjorte i Oxford-vævet premium bomuld.', confidence: 0.7 },
      ],
    });
    expect(revised.status).toBe(200);
    const resubmitted = await system.api.as('agent', 'POST', `/change-sets/${DEMO}/resubmit`);
    expect(resubmitted.status).toBe(200);

    await page.reload();
    await page.locator('h1 .badge', { hasText: 'pending approval' }).waitFor();
    expect(await text('.facts')).toMatch(/Revision\s*2\s*Revisions\s*1/);
    const timeline = page.getByRole('region', { name: 'Revisions' });
    await timeline.locator('li').nth(1).waitFor();
    expect(await timeline.locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/^Revision 2 \(current\)\s.*by user-agent · 3 operations/s),
      expect.stringMatching(/^Revision 1\s.*by user-agent · 3 operations/s),
    ]);
    // The reviewer last acted (rated, annotated, asked for the revision) on revision 1.
    const since = page.getByRole('region', { name: 'Changes since your last review (revision 1)' });
    await eventually(async () => expect(await since.innerText()).toContain('Revision 2 against 1: 1 change with a new value, 1 change added.'));
    await expect(change(0).locator('.since').innerText()).resolves.toBe('changed since your last review');
    await expect(change(1).locator('.since').innerText()).resolves.toBe('new since your last review');
    await expect(change(2).locator('.since').count()).resolves.toBe(0);
    // The completeness effect of each operation on its record's state (ent-001 is a complete draft).
    await eventually(async () =>
      expect(await page.getByRole('list', { name: 'Completeness effect of cop-enrich-1' }).innerText()).toMatch(/Draft 100% \(3\/3\) → 100% \(3\/3\)/),
    );
    await expect(page.getByRole('region', { name: 'Completeness effect' }).innerText()).resolves.toMatch(/Records it would make complete:\s*none/);

    await since.getByLabel('Show only the changes since revision 1').check();
    await eventually(async () => expect(await page.locator('.change-card').count()).toBe(2));
    expect(await page.locator('h3.record-head').allInnerTexts()).toEqual([expect.stringContaining('Classic Oxford Shirt')]);
    await screenshot(page, '09-since-last-review');
    await expectAccessible('changes since the last review');
    await since.getByLabel('Show only the changes since revision 1').uncheck();
    await eventually(async () => expect(await page.locator('.change-card').count()).toBe(4));
  });

  it('decides per change (a by keyboard, reject by button), then per operation, and applies with progress and results', async () => {
    const opBadge = (id: string) => page.locator('.op-head', { hasText: id }).locator('.decision .badge');
    const changeBadge = (ordinal: number) => change(ordinal).locator('.decision--change .badge');
    await page.keyboard.press('j');
    await eventually(async () => expect(await change(0).getAttribute('aria-current')).toBe('true'));
    await page.keyboard.press('a');
    await changeBadge(0).filter({ hasText: 'approved' }).waitFor();
    // The operation stays pending while one of its changes is undecided.
    await expect(opBadge('cop-enrich-1').innerText()).resolves.toBe('pending');
    await expect(change(0).getByRole('button', { name: 'Approve Short Description (global) in cop-enrich-1' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await change(1).getByRole('button', { name: 'Reject Description (Language: Danish) in cop-enrich-1' }).click();
    await changeBadge(1).filter({ hasText: 'rejected' }).waitFor();
    await opBadge('cop-enrich-1').filter({ hasText: 'approved' }).waitFor();
    const stored = await system.api.as('viewer', 'GET', `/change-sets/${DEMO}`);
    expect(stored.body.operations[0].changes.map((item: { decision: string }) => item.decision)).toEqual(['approved', 'rejected']);
    await screenshot(page, '10-per-change-decisions');
    await expectAccessible('per-change decisions');

    await page.getByRole('button', { name: 'Reject operation cop-enrich-2' }).click();
    await opBadge('cop-enrich-2').filter({ hasText: 'rejected' }).waitFor();
    await page.getByRole('button', { name: 'Approve operation cop-enrich-3' }).click();
    await page.locator('h1 .badge', { hasText: 'approved' }).waitFor();

    // The progress bar is shown from the click until the apply answers; record that it appeared.
    await page.evaluate(`(() => {
      window.applySeen = false;
      new MutationObserver(() => {
        if (document.querySelector('progress#apply-progress')) window.applySeen = true;
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.getByRole('button', { name: 'Apply approved changes' }).click();
    await page.locator('h1 .badge', { hasText: 'applied' }).waitFor();
    expect(await page.evaluate('window.applySeen')).toBe(true);
    const panel = page.getByRole('region', { name: 'Apply' });
    expect(await panel.innerText()).toMatch(/2\s*applied,\s*1\s*skipped,\s*0\s*with errors/);
    const results = await panel.locator('tbody tr').allInnerTexts();
    expect(results).toEqual([
      expect.stringMatching(/cop-enrich-1\s+Classic Oxford Shirt\s+applied/),
      expect.stringMatching(/cop-enrich-2\s+Merino Crew Sweater\s+skipped/),
      expect.stringMatching(/cop-enrich-3\s+Merino Crew Sweater\s+applied/),
    ]);
    await screenshot(page, '05-applied');
    await expectAccessible('applied change set');
  });

  it("shows the record page: values grid, completeness per state, the audit of the applied change", async () => {
    await page.getByRole('region', { name: 'Apply' }).getByRole('link', { name: 'Classic Oxford Shirt' }).click();
    await page.getByRole('heading', { name: /Classic Oxford Shirt/ }).waitFor();
    expect(page.url()).toBe(`${origin}/records/ent-001`);
    const grid = page.getByRole('region', { name: 'Values' });
    expect(await grid.innerText()).toContain(REVISED);
    expect(await grid.innerText()).not.toContain('Skjorte i Oxford'); // the rejected change
    await page.locator('.completeness li').first().waitFor();
    expect(await page.locator('.completeness').innerText()).toMatch(/\(current\)/);
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      const history = await page.locator('.timeline').innerText();
      expect(history).toContain(`from ${DEMO}`);
      expect(history).toMatch(/short-description\s+global\s+A classic shirt\.\s+Timeless Oxford weave in premium cotton, button-down collar\./);
      expect(history).not.toContain('Skjorte i Oxford');
    }, 15000, 300);
    await screenshot(page, '06-record');
    await expectAccessible('record');
  });

  it('lets an editor run the transitions their role allows, and names the missing slots when a gate refuses', async () => {
    expect(await page.getByRole('toolbar', { name: 'Lifecycle transitions' }).count()).toBe(0); // the reviewer may run none
    const editor = await browser.newPage();
    await signIn(editor, 'editor');
    await editor.goto(`${origin}/records/ent-001`);
    await editor.getByRole('heading', { name: /Classic Oxford Shirt/ }).waitFor();
    await editor.getByRole('button', { name: /Submit for review/ }).click();
    await editor.locator('h1 .badge', { hasText: 'Review' }).waitFor();
    await editor.getByRole('button', { name: /Publish/ }).click();
    const alert = await editor.getByRole('alert').innerText();
    expect(alert).toMatch(/The transition failed: Unprocessable Entity \(422, gate-failed\)/);
    expect(alert).toMatch(/description \(.+\): missing/);
    await screenshot(editor, '07-record-gate-refused');
    await expectAccessible('record with a refused transition', editor);
    await editor.close();
  });

  it('shows a viewer no control it cannot use', async () => {
    const viewer = await browser.newPage();
    await signIn(viewer, 'viewer');
    await viewer.goto(`${origin}/change-sets/${DEMO}`);
    await viewer.getByRole('heading', { name: /AI Product Enrichment/ }).waitFor();
    await viewer.locator('.thread__list li').first().waitFor();
    for (const name of [/Approve/, /Reject/, 'Good', 'Bad', 'Request revision…', 'Send message', 'Apply approved changes']) {
      await expect(viewer.getByRole('button', { name }).count()).resolves.toBe(0);
    }
    await viewer.close();
  });

  it('keeps a 1,000-operation set virtualised: few rows in the DOM, j still reaches any change', async () => {
    const operations = Array.from({ length: 1000 }, (_, index) => ({
      type: 'update',
      entityId: ['ent-001', 'ent-002', 'ent-003'][index % 3],
      schemaId: 'schema-apparel',
      changes: [{ attributeAlias: 'material', attributeName: 'Material', newValue: `Proposal ${index}` }],
    }));
    const created = await system.api.as('editor', 'POST', '/change-sets', { title: 'Bulk material fix', source: { type: 'import', name: 'CSV import' }, operations });
    expect(created.status).toBe(201);
    await page.goto(`${origin}/change-sets/${created.body.id}`);
    await page.getByRole('heading', { name: /Bulk material fix/ }).waitFor();
    expect(await page.locator('.change-card').count()).toBeLessThan(60);
    for (let step = 0; step < 40; step++) await page.keyboard.press('j');
    await eventually(async () => expect(await page.evaluate('document.activeElement?.getAttribute("data-ordinal")')).toBe('39'));
    expect(await page.locator('.change-card').count()).toBeLessThan(60);
    await screenshot(page, '08-large-set');
  });
});
