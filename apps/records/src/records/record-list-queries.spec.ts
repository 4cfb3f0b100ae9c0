import { getMetadataArgsStorage } from 'typeorm';
import { RecordEntity } from '../database/entities';
import { RECORD_TEXT_FIELDS, recordPageQuery, recordTotalQuery, SELECT_RECORD, SELECT_RECORD_TEXT } from './record-list-queries';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('recordTotalQuery', () => {
  it('without filters sums every counter row', () => {
    expect(recordTotalQuery({})).toEqual({ sql: 'SELECT coalesce(sum(c.n), 0)::bigint AS total FROM record_count c', params: [] });
  });

  it('sums the counter rows of a schema, a state, or both (all slots)', () => {
    expect(recordTotalQuery({ schemaId: 's' })).toEqual({
      sql: 'SELECT coalesce(sum(c.n), 0)::bigint AS total FROM record_count c WHERE c.schema_id = $1',
      params: ['s'],
    });
    expect(recordTotalQuery({ lifecycleStateId: 't' }).sql).toMatch(/FROM record_count c WHERE c\.lifecycle_state_id = \$1$/);
    expect(recordTotalQuery({ schemaId: 's', lifecycleStateId: 't' })).toEqual({
      sql: 'SELECT coalesce(sum(c.n), 0)::bigint AS total FROM record_count c WHERE c.schema_id = $1 AND c.lifecycle_state_id = $2',
      params: ['s', 't'],
    });
  });

  it('treats empty filters as absent, as the list always did', () => {
    expect(recordTotalQuery({ schemaId: '', lifecycleStateId: '' })).toEqual(recordTotalQuery({}));
  });

  it('counts a category from its assignments alone, joining record only for schema/state filters', () => {
    expect(recordTotalQuery({ categoryId: 'cat' })).toEqual({
      sql: 'SELECT count(*) AS total FROM category_assignment a WHERE a.category_id = $1',
      params: ['cat'],
    });
    expect(recordTotalQuery({ categoryId: 'cat', schemaId: 's', lifecycleStateId: 't' })).toEqual({
      sql: 'SELECT count(*) AS total FROM category_assignment a JOIN record r ON r.id = a.record_id WHERE a.category_id = $1 AND r.schema_id = $2 AND r.lifecycle_state_id = $3',
      params: ['cat', 's', 't'],
    });
  });
});

describe('recordPageQuery', () => {
  it('picks the page ids in creation order with the filters, then reads those rows by id in the same order', () => {
    const { sql, params } = recordPageQuery({ schemaId: 's', lifecycleStateId: 't', offset: 5000, limit: 50 });
    expect(squash(sql)).toMatch(
      /FROM \(SELECT f\.id, f\.created_at FROM record f WHERE f\.schema_id = \$1 AND f\.lifecycle_state_id = \$2 ORDER BY f\.created_at, f\.id LIMIT \$3 OFFSET \$4\) page CROSS JOIN LATERAL \(SELECT \* FROM record WHERE record\.id = page\.id LIMIT 1\) r ORDER BY page\.created_at, page\.id$/,
    );
    expect(params).toEqual(['s', 't', 50, 5000]);
  });

  it('pages every record without a filter', () => {
    const { sql, params } = recordPageQuery({ offset: 0, limit: 500 });
    expect(sql).toContain('FROM (SELECT f.id, f.created_at FROM record f ORDER BY f.created_at, f.id LIMIT $1 OFFSET $2) page');
    expect(params).toEqual([500, 0]);
  });

  it('pages a category in its sort order (then id), filtering on the record only when asked', () => {
    const plain = recordPageQuery({ categoryId: 'cat', offset: 10, limit: 20 });
    expect(plain.sql).toContain(
      'FROM (SELECT a.record_id AS id, a.sort_order FROM category_assignment a WHERE a.category_id = $1 ORDER BY a.sort_order, a.record_id LIMIT $2 OFFSET $3) page',
    );
    expect(plain.sql).toMatch(/ORDER BY page\.sort_order, page\.id$/);
    expect(plain.params).toEqual(['cat', 20, 10]);

    const filtered = recordPageQuery({ categoryId: 'cat', lifecycleStateId: 't', offset: 0, limit: 50 });
    expect(filtered.sql).toContain('FROM category_assignment a JOIN record f ON f.id = a.record_id WHERE a.category_id = $1 AND f.lifecycle_state_id = $2');
    expect(filtered.params).toEqual(['cat', 't', 50, 0]);
  });

  it('selects every RecordEntity column under its property name', () => {
    const columns = getMetadataArgsStorage()
      .filterColumns(RecordEntity)
      .map((column) => `r."${column.options.name ?? column.propertyName}" AS "${column.propertyName}"`);
    expect(SELECT_RECORD.split(', ').sort()).toEqual(columns.sort());
  });

  it('reads a page as RecordTextRows: every column once, the DTO fields by name and the values as valuesJson', () => {
    const { sql } = recordPageQuery({ offset: 0, limit: 1 });
    expect(sql.startsWith(`SELECT ${SELECT_RECORD_TEXT} FROM (`)).toBe(true);
    const aliases = [...SELECT_RECORD_TEXT.matchAll(/ AS "(\w+)"/g)].map((match) => match[1]);
    const properties = getMetadataArgsStorage().filterColumns(RecordEntity).map((column) => column.propertyName);
    expect(aliases.sort()).toEqual([...properties.filter((property) => property !== 'values'), 'valuesJson'].sort());
    expect([...RECORD_TEXT_FIELDS, 'values'].sort()).toEqual(properties.sort());
  });
});
