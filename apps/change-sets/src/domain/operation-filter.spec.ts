import { computedFilter, keepsComputed, namedParams, operationFilterSql, positionalParams } from './operation-filter';

describe('operationFilterSql', () => {
  it('is TRUE for no filter, and leaves the computed parts out', () => {
    const { params, bind } = positionalParams(['cs-1']);
    expect(operationFilterSql({}, 'o', bind)).toBe('TRUE');
    expect(operationFilterSql({ stale: true, invalid: false }, 'o', bind)).toBe('TRUE');
    expect(params).toEqual(['cs-1']);
  });

  it('binds every value as a parameter after those already used, joined with AND', () => {
    const { params, bind } = positionalParams(['cs-1', 'x']);
    const sql = operationFilterSql({ status: 'pending', type: 'update', entityId: 'ent-1', attributeAlias: 'price', segment: "seg-da'; --" }, 'o', bind);
    expect(sql).toBe(
      [
        'o.status = $3',
        'o.type = $4',
        'o.entity_id = $5',
        "o.changes @> jsonb_build_array(jsonb_build_object('attributeAlias', $6::text))",
        "jsonb_path_exists(o.changes, '$[*].scope.* ? (@ == $segment)', jsonb_build_object('segment', $7::text))",
      ].join(' AND '),
    );
    expect(params).toEqual(['cs-1', 'x', 'pending', 'update', 'ent-1', 'price', "seg-da'; --"]);
  });

  it('names parameters for the query builder', () => {
    const { params, bind } = namedParams();
    expect(operationFilterSql({ type: 'create', attributeAlias: 'sku' }, 'op', bind)).toBe(
      "op.type = :f0 AND op.changes @> jsonb_build_array(jsonb_build_object('attributeAlias', :f1::text))",
    );
    expect(params).toEqual({ f0: 'create', f1: 'sku' });
  });
});

describe('computed filters', () => {
  it('are the stale and invalid parts only', () => {
    expect(computedFilter({ status: 'pending' })).toBeUndefined();
    expect(computedFilter({ status: 'pending', stale: false })).toEqual({ stale: false });
    expect(computedFilter({ invalid: true, stale: true })).toEqual({ stale: true, invalid: true });
  });

  it('keep an operation when each given part holds, true or false', () => {
    const stale = new Set(['op-1']);
    const invalid = new Set(['op-2']);
    expect(keepsComputed({ stale: true }, 'op-1', stale, invalid)).toBe(true);
    expect(keepsComputed({ stale: true }, 'op-2', stale, invalid)).toBe(false);
    expect(keepsComputed({ stale: false }, 'op-2', stale, invalid)).toBe(true);
    expect(keepsComputed({ invalid: true, stale: false }, 'op-2', stale, invalid)).toBe(true);
    expect(keepsComputed({ invalid: true, stale: true }, 'op-2', stale, invalid)).toBe(false);
  });
});
