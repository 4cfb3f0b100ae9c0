import type { RecordPage } from '@sigma/contracts';
import { SELECT_RECORD_TEXT, type RecordTextRow } from './record-list-queries';
import { toRecordJson, toRecordPageJson } from './record.mapper';

const row = (id: string, valuesJson: string): RecordTextRow => ({
  id,
  schemaId: 'schema-apparel',
  lifecycleStateId: 'state-draft',
  parentId: null,
  version: 3,
  createdAt: '2026-12-04T15:28:07.123Z',
  updatedAt: '2026-12-04T15:29:00.000Z',
  createdBy: 'user-admin',
  updatedBy: 'user-editor',
  valuesJson,
});

describe('toRecordJson', () => {
  it('is the RecordDto, in its field order, with the values as given', () => {
    const text = toRecordJson(row('ent-1', '{"sku": [{"scope": {}, "value": "Ä \\"quoted\\"\\n"}]}'));
    expect(JSON.parse(text)).toEqual({
      ...row('ent-1', ''),
      valuesJson: undefined,
      values: { sku: [{ scope: {}, value: 'Ä "quoted"\n' }] },
    });
    expect(Object.keys(JSON.parse(text))).toEqual(['id', 'schemaId', 'lifecycleStateId', 'parentId', 'version', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'values']);
  });

  it('leaves out columns that are not the DTO’s (a search row’s sort key)', () => {
    const searched = { ...row('ent-2', '{}'), sortKey: '2026-12-04 15:28:07.123456+00' };
    expect(JSON.parse(toRecordJson(searched))).not.toHaveProperty('sortKey');
  });
});

describe('toRecordPageJson', () => {
  it('is the page with its items first', () => {
    const page = toRecordPageJson([row('ent-1', '{}'), row('ent-2', '{"a": []}')], { total: 7, nextCursor: null, offset: 0, limit: 2 });
    const parsed = JSON.parse(page.text) as RecordPage;
    expect(Object.keys(parsed)).toEqual(['items', 'total', 'nextCursor', 'offset', 'limit']);
    expect(parsed.items.map((item) => [item.id, item.values])).toEqual([['ent-1', {}], ['ent-2', { a: [] }]]);
  });

  it('is an empty page when no row matched', () => {
    expect(JSON.parse(toRecordPageJson([], { total: 0, offset: 0, limit: 50 }).text)).toEqual({ items: [], total: 0, offset: 0, limit: 50 });
  });
});

describe('SELECT_RECORD_TEXT', () => {
  it('reads timestamps as toISOString text and the values as jsonb text', () => {
    expect(SELECT_RECORD_TEXT).toContain(`to_char(r."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`);
    expect(SELECT_RECORD_TEXT).toContain(`r."values"::text AS "valuesJson"`);
  });
});
