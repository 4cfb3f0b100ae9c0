import { launchBrowser, startTestSystem, type TestBrowser, type TestSystem } from '@sigma/testing';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Swagger UI at /api/v1/docs in a real Chromium: every operation of the document renders. */
describe('the API reference page (e2e, browser)', () => {
  let system: TestSystem;
  let browser: TestBrowser;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'docs-ui' });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('renders every operation of the document, with no script error', async () => {
    const spec = (await system.api.request('GET', '/docs/openapi.json')).body;
    // The text that blanked the page when the document was pasted into a script with String.replace.
    expect(JSON.stringify(spec)).toContain('$`');
    const expected: string[] = Object.entries<Record<string, unknown>>(spec.paths)
      .flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(expected.length).toBeGreaterThan(60);

    const page = await browser.newPage();
    const response = await page.goto(`${system.baseUrl}/docs`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    // An operation tagged twice is shown under both tags: count distinct method + path.
    const rendered = () =>
      page.$$eval('.opblock', (blocks) =>
        blocks.map((block) => {
          const method = block.querySelector('.opblock-summary-method')?.textContent?.trim() ?? '?';
          const path = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?';
          return `${method.toUpperCase()} ${path}`;
        }),
      );
    let shown: string[] = [];
    for (const deadline = Date.now() + 30_000; shown.length < expected.length && Date.now() < deadline; ) {
      await page.waitForTimeout(200);
      shown = [...new Set(await rendered())];
    }
    expect(shown.sort()).toEqual(expected);
    expect(await page.title()).toBe(spec.info.title);
    expect(browser.errors).toEqual([]);
  });
});
