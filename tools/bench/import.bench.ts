/**
 * Case 11: a supplier file imported as a change set. Copies `rows` schema-apparel records in, writes
 * a CSV of `rows` rows × 10 columns in the export convention (every 10th row with a changed material,
 * every 100th an unknown SKU, the rest equal to the records), then times POST /imports + PUT
 * /imports/:id/file to its summary. Baseline in the same run: csv-parse of the same file plus one SQL
 * SELECT of the current values of all its SKUs (the reading and looking up an import cannot avoid).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { RecordCopy, recordCopyLine } from './record-copy';
import type { Row } from './rows';
import { fmt, ratio } from './stats';
import type { BenchSystem } from './system';

/** 100,000 rows in at most 60 s; a smaller run is held to the same rate. */
export const IMPORT_TARGET_SECONDS_PER_100K = 60;

const DA = { 'dim-language': 'seg-da' };
const DE = { 'dim-language': 'seg-de' };
const DK = { 'dim-market': 'seg-dk' };
const COLUMNS = [
  'sku',
  'product-name@dim-language=seg-da',
  'product-name@dim-language=seg-de',
  'price@dim-market=seg-dk',
  'material',
  'garment-type',
  'sleeve-length',
  'short-description@dim-language=seg-da',
  'description@dim-language=seg-da',
  'long-description@dim-language=seg-da',
];

export interface ImportFigures {
  rows: number;
  fileMb: number;
  seconds: number;
  rowsPerSecond: number;
  created: number;
  updated: number;
  unchangedRows: number;
  errorCount: number;
  rawSeconds: number;
  rawParseSeconds: number;
  rawSelectSeconds: number;
}

export async function importCase(system: BenchSystem, rows: number): Promise<ImportFigures> {
  const tag = randomBytes(2).toString('hex').toUpperCase();
  const sku = (i: number) => `IMP${tag}-${i}`;
  const lines: string[] = [COLUMNS.join(',')];
  const client = new Client({ connectionString: system.databaseUrl, application_name: 'bench-import' });
  await client.connect();
  try {
    const copy = new RecordCopy(client);
    for (let i = 0; i < rows; i++) {
      const cells = [sku(i), `Skjorte ${i}`, `Hemd ${i}`, String(100 + (i % 500)), 'Cotton', 'shirt', 'long', `Kort ${i}`, `Beskrivelse ${i}`, `Lang ${i}`];
      const known = i % 100 !== 99;
      if (known) {
        const values = {
          sku: [{ scope: {}, value: cells[0] }],
          'product-name': [
            { scope: DA, value: cells[1] },
            { scope: DE, value: cells[2] },
          ],
          price: [{ scope: DK, value: Number(cells[3]) }],
          material: [{ scope: {}, value: 'Cotton' }],
          'garment-type': [{ scope: {}, value: 'shirt' }],
          'sleeve-length': [{ scope: {}, value: 'long' }],
          'short-description': [{ scope: DA, value: cells[7] }],
          description: [{ scope: DA, value: cells[8] }],
          'long-description': [{ scope: DA, value: cells[9] }],
        };
        const id = `ent-i${tag}${i.toString(36).padStart(5, '0')}`;
        await copy.push(recordCopyLine(id, 'schema-apparel', 'state-draft', values, 'now'));
      }
      if (i % 10 === 0) cells[4] = 'Linen';
      lines.push(cells.join(','));
    }
    await copy.end();
    await client.query('VACUUM (ANALYZE) records.record');
    const file = Buffer.from(`${lines.join('\n')}\n`);

    const started = performance.now();
    const created = await system.call<{ id: string }>('POST', '/imports', { schemaId: 'schema-apparel', source: { type: 'import', name: `Bench ${tag}` } }, [201]);
    const response = await fetch(`${system.baseUrl}/imports/${created.body.id}/file`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await system.token()}`, 'content-type': 'text/csv' },
      body: file,
    });
    const summary = (await response.json()) as { status: string; operations: { created: number; updated: number }; unchangedRows: number; errorCount: number; errors: unknown[] };
    const seconds = (performance.now() - started) / 1000;
    if (response.status !== 200 || summary.status !== 'completed') throw new Error(`PUT /imports/:id/file answered ${response.status}: ${JSON.stringify(summary).slice(0, 300)}`);

    const parseStarted = performance.now();
    const skus: string[] = [];
    for await (const record of Readable.from([file]).pipe(parse({ from_line: 2 })) as AsyncIterable<string[]>) skus.push(record[0]);
    const rawParseSeconds = (performance.now() - parseStarted) / 1000;
    const selectStarted = performance.now();
    await client.query(
      `SELECT x.sku, r.id, r."values" FROM unnest($1::text[]) AS x(sku)
       JOIN records.record r ON r."values" @> jsonb_build_object('sku', jsonb_build_array(jsonb_build_object('scope', '{}'::jsonb, 'value', to_jsonb(x.sku))))
       WHERE r.schema_id = 'schema-apparel'`,
      [skus],
    );
    const rawSelectSeconds = (performance.now() - selectStarted) / 1000;
    return {
      rows,
      fileMb: file.length / 1024 / 1024,
      seconds,
      rowsPerSecond: rows / seconds,
      created: summary.operations.created,
      updated: summary.operations.updated,
      unchangedRows: summary.unchangedRows,
      errorCount: summary.errorCount,
      rawSeconds: rawParseSeconds + rawSelectSeconds,
      rawParseSeconds,
      rawSelectSeconds,
    };
  } finally {
    await client.end();
  }
}

export function importRow(figures: ImportFigures): Row {
  const targetSeconds = (IMPORT_TARGET_SECONDS_PER_100K * figures.rows) / 100_000;
  return {
    figure:
      `${fmt(figures.rows, 0)} rows × ${COLUMNS.length} columns (${fmt(figures.fileMb, 1)} MB CSV) in ${fmt(figures.seconds, 2)} s, ${fmt(figures.rowsPerSecond, 0)} rows/s ` +
      `(${fmt(figures.updated, 0)} updates, ${fmt(figures.created, 0)} creates, ${fmt(figures.unchangedRows, 0)} unchanged, ${fmt(figures.errorCount, 0)} errors)`,
    target: `≤ ${IMPORT_TARGET_SECONDS_PER_100K} s per 100,000 rows (${fmt(targetSeconds, 1)} s here)`,
    baseline: `csv-parse of the same file + one SQL SELECT of its SKUs' values: ${fmt(figures.rawSeconds, 2)} s (parse ${fmt(figures.rawParseSeconds, 2)} s, select ${fmt(figures.rawSelectSeconds, 2)} s)`,
    ratio: ratio(figures.seconds, figures.rawSeconds),
    ratioMeaning: 'import seconds ÷ baseline seconds, lower is better',
    meetsTarget: figures.seconds <= targetSeconds,
    metrics: { ...figures },
    notes: ['POST /imports + PUT /imports/:id/file (CSV streamed, batches of 500 rows diffed in change-sets against records.record.find-by-sku) to the final summary'],
  };
}
