import ExcelJS from 'exceljs';
import { startTestSystem, type TestSystem } from '@sigma/testing';

jest.setTimeout(180000);

const NAME_DA = 'product-name@dim-language=seg-da';
const PRICE_DK = 'price@dim-market=seg-dk';
const DA = { 'dim-language': 'seg-da' };
const DK = { 'dim-market': 'seg-dk' };
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file with an unchanged row, a row with two changed cells, a new SKU and two bad rows (a price that is no number, no SKU). */
const HEADER = ['sku', NAME_DA, PRICE_DK, 'material'];
const ROWS: (string | number)[][] = [
  ['IMP-1', 'Skjorte 1', 100, 'cotton'],
  ['IMP-2', 'Ny skjorte', 250, 'cotton'],
  ['IMP-NEW', 'Ny', 99, 'linen'],
  ['IMP-3', 'Skjorte 3', 'lots', 'wool'],
  ['', 'Nameless', 10, 'silk'],
];

const csvOf = (rows: (string | number)[][]) => `${rows.map((row) => row.map((cell) => (/[",\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell))).join(',')).join('\n')}\n`;

/** POST /imports, PUT its file, GET it and its draft set: imports through the gateway. */
describe('imports (e2e)', () => {
  let system: TestSystem;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    system = await startTestSystem({ label: 'imports', startupTimeoutMs: 120000 });
    for (const [sku, name, price, material] of [
      ['IMP-1', 'Skjorte 1', 100, 'cotton'],
      ['IMP-2', 'Skjorte 2', 200, 'cotton'],
      ['IMP-3', 'Skjorte 3', 300, 'wool'],
    ] as const) {
      const created = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: sku }], 'product-name': [{ scope: DA, value: name }], price: [{ scope: DK, value: price }], material: [{ scope: {}, value: material }] },
      });
      expect(created.status).toBe(201);
      ids[sku] = created.body.id;
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  const createImport = async (user = 'agent', body: Record<string, unknown> = {}) => {
    const created = await system.api.as(user, 'POST', '/imports', { schemaId: 'schema-apparel', source: { type: 'import', name: 'Supplier feed' }, ...body });
    expect(created.status).toBe(201);
    return created;
  };

  const upload = async (id: string, file: Buffer | string, contentType: string, user = 'agent') => {
    const response = await fetch(`${system.baseUrl}/imports/${id}/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await system.api.token(user)}`, 'content-type': contentType },
      body: file,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const operationsOf = async (changeSetId: string) => {
    const set = await system.api.as('agent', 'GET', `/change-sets/${changeSetId}`);
    expect(set.status).toBe(200);
    expect(set.body.status).toBe('draft');
    return set.body.operations as any[];
  };

  const expectTheOperations = async (summary: any) => {
    expect(summary).toMatchObject({
      status: 'completed',
      rowsRead: 5,
      operations: { created: 1, updated: 1 },
      unchangedRows: 1,
      errorCount: 2,
      errors: [
        { row: 5, column: PRICE_DK, message: expect.stringContaining('lots') },
        { row: 6, column: 'sku', message: expect.stringContaining('No SKU') },
      ],
    });
    const operations = await operationsOf(summary.changeSetId);
    expect(operations.map(({ type, entityId, changes }) => ({ type, entityId, changes }))).toEqual([
      {
        type: 'update',
        entityId: ids['IMP-2'],
        changes: [
          expect.objectContaining({ attributeAlias: 'product-name', scope: DA, oldValue: 'Skjorte 2', newValue: 'Ny skjorte' }),
          expect.objectContaining({ attributeAlias: 'price', scope: DK, oldValue: 200, newValue: 250 }),
        ],
      },
      {
        type: 'create',
        entityId: undefined,
        changes: [
          expect.objectContaining({ attributeAlias: 'sku', scope: {}, newValue: 'IMP-NEW' }),
          expect.objectContaining({ attributeAlias: 'product-name', scope: DA, newValue: 'Ny' }),
          expect.objectContaining({ attributeAlias: 'price', scope: DK, newValue: 99 }),
          expect.objectContaining({ attributeAlias: 'material', scope: {}, newValue: 'linen' }),
        ],
      },
    ]);
  };

  it('imports a CSV: only the cells that differ (with oldValue), a create for the new SKU, errors with row and column', async () => {
    const created = await createImport();
    expect(created.body).toMatchObject({ status: 'waiting-for-file', rowsRead: 0, keyColumn: 'sku', source: { type: 'import', name: 'Supplier feed' } });
    expect(created.headers.get('location')).toMatch(new RegExp(`/imports/${created.body.id}$`));
    const answer = await upload(created.body.id, csvOf([HEADER, ...ROWS]), CSV);
    expect(answer.status).toBe(200);
    await expectTheOperations(answer.body);
    const read = await system.api.as('viewer', 'GET', `/imports/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...answer.body, startedAt: expect.any(String), finishedAt: expect.any(String) });
    const set = await system.api.as('agent', 'GET', `/change-sets/${answer.body.changeSetId}`);
    expect(set.body).toMatchObject({ title: 'Import Supplier feed', source: { type: 'import', name: 'Supplier feed' }, createdBy: 'user-agent' });
  });

  it('imports the same as XLSX', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Feed');
    for (const row of [HEADER, ...ROWS]) sheet.addRow(row);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const created = await createImport();
    const answer = await upload(created.body.id, file, XLSX);
    expect(answer.status).toBe(200);
    await expectTheOperations(answer.body);
  });

  it('reads a mapping: supplier headers to attributes and scopes, the key column named', async () => {
    const created = await createImport('agent', {
      keyColumn: 'Item',
      mapping: { Name: { attributeAlias: 'product-name', scope: DA }, Fabric: { attributeAlias: 'material' }, Colour: { attributeAlias: 'colour' } },
    });
    const answer = await upload(created.body.id, csvOf([['Item', 'Name', 'Fabric', 'Colour', 'Notes'], ['IMP-1', 'Skjorte 1', 'hemp', 'red', 'x']]), CSV);
    expect(answer.body).toMatchObject({ rowsRead: 1, operations: { created: 0, updated: 1 }, errors: [{ row: 1, column: 'Colour', message: expect.stringContaining("no attribute 'colour'") }] });
    const operations = await operationsOf(answer.body.changeSetId);
    expect(operations).toEqual([expect.objectContaining({ type: 'update', entityId: ids['IMP-1'], changes: [expect.objectContaining({ attributeAlias: 'material', oldValue: 'cotton', newValue: 'hemp' })] })]);
  });

  it('round trip: an exported CSV with one cell edited imports back as exactly that one change', async () => {
    const exported = await fetch(`${system.baseUrl}/records/export?schemaId=schema-apparel&sku=IMP-1`, { headers: { authorization: `Bearer ${await system.api.token('agent')}` } });
    expect(exported.status).toBe(200);
    const text = await exported.text();
    const [header, row] = text.replace(/^\uFEFF/, '').trimEnd().split(/\r?\n/);
    const columns = header.split(',');
    const cells = row.split(',');
    expect(cells[columns.indexOf('material')]).toBe('cotton');
    cells[columns.indexOf('material')] = 'linen';
    const created = await createImport();
    const answer = await upload(created.body.id, `${header}\n${cells.join(',')}\n`, CSV);
    expect(answer.body).toMatchObject({ status: 'completed', rowsRead: 1, operations: { created: 0, updated: 1 }, unchangedRows: 0, errorCount: 0 });
    const operations = await operationsOf(answer.body.changeSetId);
    expect(operations).toEqual([
      expect.objectContaining({ type: 'update', entityId: ids['IMP-1'], changes: [expect.objectContaining({ attributeAlias: 'material', scope: {}, oldValue: 'cotton', newValue: 'linen' })] }),
    ]);
  });

  it('reports progress while the file is read', async () => {
    const total = 8000;
    const rows = Array.from({ length: total }, (_, index) => [`PRG-${index}`, `Name ${index}`, index, 'cotton']);
    const created = await createImport();
    const uploading = upload(created.body.id, csvOf([HEADER, ...rows]), CSV);
    const seen: { status: string; rowsRead: number }[] = [];
    let done = false;
    void uploading.then(() => (done = true));
    while (!done) {
      const read = await system.api.as('agent', 'GET', `/imports/${created.body.id}`);
      seen.push({ status: read.body.status, rowsRead: read.body.rowsRead });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await uploading;
    expect(answer.body).toMatchObject({ status: 'completed', rowsRead: total, operations: { created: total, updated: 0 } });
    const running = seen.filter((entry) => entry.status === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect(running.some((entry) => entry.rowsRead > 0 && entry.rowsRead < total)).toBe(true);
    const counts = seen.map((entry) => entry.rowsRead);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('takes a file once (409), from its creator only (403)', async () => {
    const created = await createImport('editor');
    const file = csvOf([HEADER, ROWS[0]]);
    const foreign = await upload(created.body.id, file, CSV, 'admin');
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden');
    expect((await upload(created.body.id, file, CSV, 'editor')).status).toBe(200);
    const again = await upload(created.body.id, file, CSV, 'editor');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
  });

  it('fails an import whose file does not read to its end (400 naming the body, status failed)', async () => {
    const created = await createImport();
    const answer = await upload(created.body.id, `${csvOf([HEADER, ['IMP-1', 'Skjorte 1', 100, 'silk']])}IMP-2,"unclosed,1,x\n`, CSV);
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'body', message: expect.stringContaining('does not read') })]);
    const read = await system.api.as('agent', 'GET', `/imports/${created.body.id}`);
    expect(read.body).toMatchObject({ status: 'failed', failure: expect.stringContaining('does not read'), finishedAt: expect.any(String) });
    // A second upload does not restart a failed import.
    expect((await upload(created.body.id, csvOf([HEADER]), CSV)).status).toBe(409);
  });

  it('refuses another content type and a request without source (400 naming them)', async () => {
    const created = await createImport();
    const plain = await upload(created.body.id, 'sku\nIMP-1\n', 'text/plain');
    expect(plain.status).toBe(400);
    expect(plain.body.details).toEqual([expect.objectContaining({ field: 'body' })]);
    expect((await system.api.as('agent', 'GET', `/imports/${created.body.id}`)).body.status).toBe('waiting-for-file');
    const refused = await system.api.as('agent', 'POST', '/imports', { schemaId: 'schema-apparel' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.details)).toContain('source');
  });
});
