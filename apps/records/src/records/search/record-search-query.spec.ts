import { encodeCursor, type SearchPlan, searchPageQuery, searchTotalQuery } from './record-search-query';

const plan = (extra: Partial<SearchPlan> = {}): SearchPlan => ({ conditions: [], offset: 0, limit: 50, ...extra });
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('searchPageQuery', () => {
  it('orders by creation then id by default, with the sort key for the cursor', () => {
    const { sql, params } = searchPageQuery(plan({ schemaId: 's' }));
    expect(squash(sql)).toMatch(/, \(r\.created_at\)::text AS "sortKey" FROM record r WHERE r\.schema_id = \$1 ORDER BY r\.created_at, r\.id LIMIT \$2 OFFSET \$3$/);
    expect(params).toEqual(['s', 50, 0]);
  });

  it('sorts by updatedAt descending and filters updatedSince', () => {
    const { sql, params } = searchPageQuery(plan({ sort: '-updatedAt', updatedSince: '2026-01-01T00:00:00Z' }));
    expect(squash(sql)).toMatch(/WHERE r\.updated_at >= \$1::timestamptz ORDER BY r\.updated_at DESC, r\.id DESC/);
    expect(params[0]).toBe('2026-01-01T00:00:00Z');
  });

  it('continues after a cursor with a keyset condition in the sort direction', () => {
    const cursor = encodeCursor(plan({ sort: '-updatedAt' }), { sortKey: '2026-01-02 10:00:00+00', id: 'ent-9' });
    const { sql, params } = searchPageQuery(plan({ sort: '-updatedAt', cursor }));
    expect(squash(sql)).toContain('WHERE (r.updated_at, r.id) < ($1::timestamptz, $2)');
    expect(params.slice(0, 2)).toEqual(['2026-01-02 10:00:00+00', 'ent-9']);
  });

  it('orders a category by its sort order unless a sort is given', () => {
    expect(squash(searchPageQuery(plan({ categoryId: 'c', sku: 'X' } as never)).sql)).toContain(
      'FROM record r JOIN category_assignment a ON a.record_id = r.id AND a.category_id = $1 ORDER BY a.sort_order, r.id',
    );
  });

  it('sorts the matches themselves when the filter is narrow, keyset and paging applied to them', () => {
    const cursor = encodeCursor(plan({ sort: '-updatedAt' }), { sortKey: '2026-01-02 10:00:00+00', id: 'ent-9' });
    const { sql, params } = searchPageQuery(plan({ schemaId: 's', sort: '-updatedAt', cursor }), true);
    expect(squash(sql)).toMatch(
      /^WITH matched AS MATERIALIZED \(SELECT r\.id, r\.updated_at AS k FROM record r WHERE r\.schema_id = \$1\) SELECT .*, \(m\.k\)::text AS "sortKey" FROM \(SELECT id, k FROM matched WHERE \(k, id\) < \(\$2::timestamptz, \$3\) ORDER BY k DESC, id DESC LIMIT \$4 OFFSET \$5\) m JOIN record r ON r\.id = m\.id ORDER BY m\.k DESC, m\.id DESC$/,
    );
    expect(params).toEqual(['s', '2026-01-02 10:00:00+00', 'ent-9', 50, 0]);
  });

  it('refuses a cursor of another sort, or one it did not make', () => {
    const cursor = encodeCursor(plan(), { sortKey: 'k', id: 'i' });
    expect(() => searchPageQuery(plan({ sort: 'updatedAt', cursor }))).toThrow(expect.objectContaining({ code: 'validation-failed' }));
    expect(() => searchPageQuery(plan({ cursor: 'garbage' }))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ field: 'cursor' })] }));
  });
});

describe('completeness filters', () => {
  it('joins the complete scores of a state', () => {
    const { sql, params } = searchPageQuery(plan({ schemaId: 's', completeFor: 'ready' }));
    expect(squash(sql)).toContain(
      'FROM record r JOIN record_completeness cf ON cf.record_id = r.id AND cf.state_id = $1 AND cf.complete WHERE r.schema_id = $2',
    );
    expect(params.slice(0, 2)).toEqual(['ready', 's']);
  });

  it('joins the percentage of a state, or of each record\'s current state', () => {
    const named = searchPageQuery(plan({ completenessGte: 80, completenessState: 'ready' }));
    expect(squash(named.sql)).toContain('JOIN record_completeness cg ON cg.record_id = r.id AND cg.state_id = $1 AND cg.percent >= $2');
    expect(named.params.slice(0, 2)).toEqual(['ready', 80]);
    const current = searchPageQuery(plan({ completenessGte: 50 }));
    expect(squash(current.sql)).toContain('cg.state_id = r.lifecycle_state_id AND cg.percent >= $1');
  });

  it('counts with the same joins', () => {
    expect(squash(searchTotalQuery(plan({ completeFor: 'ready' })).sql)).toContain('JOIN record_completeness cf');
  });
});

describe('searchTotalQuery', () => {
  it('counts at most one past the cap', () => {
    expect(squash(searchTotalQuery(plan({ lifecycleStateId: 't' })).sql)).toBe(
      'SELECT count(*) AS total FROM (SELECT 1 FROM record r WHERE r.lifecycle_state_id = $1 LIMIT 10001) matched',
    );
  });
});
