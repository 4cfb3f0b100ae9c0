import { validateValuesMap } from '../../apps/records/src/values/scoped-values';
import { LANGUAGE, LARGE_ATTRIBUTES, LARGE_VALUES_PER_RECORD, LargeRecordSource, largeShape, type LargeShapeInput, MARKET, slotsOf } from './large-shape';

const input: LargeShapeInput = {
  attributes: LARGE_ATTRIBUTES,
  maxAttributesPerSchema: 500,
  languages: ['seg-da', 'seg-de', 'seg-en', 'seg-sv'],
  markets: ['seg-dk', 'seg-de'],
  valuesPerRecord: LARGE_VALUES_PER_RECORD,
};
const skus = (n: number) => Array.from({ length: n }, (_, i) => `L-${i}`);

describe('largeShape', () => {
  const shape = largeShape(input);

  it('spreads 1,000 attributes over as few schemas as the per-schema limit allows', () => {
    expect(shape.schemas.map((s) => s.attributes.length)).toEqual([500, 500]);
    expect(largeShape({ ...input, maxAttributesPerSchema: 1000 }).schemas.map((s) => s.attributes.length)).toEqual([1000]);
    expect(largeShape({ ...input, maxAttributesPerSchema: 400 }).schemas.map((s) => s.attributes.length)).toEqual([334, 333, 333]);
    for (const schema of shape.schemas) expect(new Set(schema.attributes.map((a) => a.alias)).size).toBe(schema.attributes.length);
  });

  it('has families of 100 attributes that together cover every attribute of their schema', () => {
    for (const schema of shape.schemas) {
      for (const family of schema.families) {
        expect(family).toHaveLength(100);
        expect(new Set(family).size).toBe(100);
      }
      expect(new Set(schema.families.flat())).toEqual(new Set(schema.attributes.map((a) => a.alias)));
    }
  });

  it('makes about 2% of attributes localisable, 1% scopable by market, under 1% both', () => {
    const all = shape.schemas.flatMap((s) => s.attributes);
    const share = (dims: string[]) => all.filter((a) => a.dimensionIds.join() === dims.join()).length / all.length;
    expect(share([LANGUAGE])).toBeGreaterThan(0.015);
    expect(share([LANGUAGE])).toBeLessThan(0.03);
    expect(share([MARKET])).toBeGreaterThan(0.005);
    expect(share([MARKET])).toBeLessThan(0.015);
    expect(share([LANGUAGE, MARKET])).toBeGreaterThan(0);
    expect(share([LANGUAGE, MARKET])).toBeLessThan(0.01);
  });

  it('requires only attributes every family of the schema has', () => {
    for (const schema of shape.schemas) {
      for (const state of schema.states) for (const family of schema.families) expect(family).toEqual(expect.arrayContaining(state.requiredAttributes));
    }
  });

  it('refuses a mean that cannot be reached', () => {
    expect(() => largeShape({ ...input, valuesPerRecord: 500 })).toThrow(/do not fit/);
  });
});

describe('LargeRecordSource', () => {
  const shape = largeShape(input);

  it('averages about 53 values per record, every one in the record schema', () => {
    const source = new LargeRecordSource(shape, 7);
    const n = 20_000;
    let values = 0;
    const perSchema = [0, 0];
    const problems: string[] = [];
    for (const sku of skus(n)) {
      const record = source.next(sku);
      const aliases = new Set(shape.schemas[record.schemaIndex].attributes.map((a) => a.alias));
      for (const alias of Object.keys(record.values)) if (!aliases.has(alias)) problems.push(`${sku}: ${alias}`);
      const counted = Object.values(record.values).reduce((sum, list) => sum + list.length, 0);
      if (record.valueCount !== counted) problems.push(`${sku}: valueCount ${record.valueCount}, holds ${counted}`);
      values += counted;
      perSchema[record.schemaIndex]++;
    }
    expect(problems).toEqual([]);
    expect(values / n).toBeGreaterThan(52);
    expect(values / n).toBeLessThan(54);
    // Records split about evenly over the schemas.
    expect(Math.min(...perSchema) / n).toBeGreaterThan(0.45);
  });

  it('scopes values only to the 4 languages and 2 markets, along the attribute dimensions, one value per scope', () => {
    const source = new LargeRecordSource(shape, 11);
    const kinds = new Set<string>();
    const problems: string[] = [];
    for (const sku of skus(3000)) {
      const record = source.next(sku);
      const byAlias = new Map(shape.schemas[record.schemaIndex].attributes.map((a) => [a.alias, a]));
      for (const [alias, list] of Object.entries(record.values)) {
        const attribute = byAlias.get(alias)!;
        if (list.length > slotsOf(attribute, 4, 2)) problems.push(`${sku} ${alias}: ${list.length} values`);
        if (new Set(list.map((v) => JSON.stringify(v.scope))).size !== list.length) problems.push(`${sku} ${alias}: a scope twice`);
        for (const { scope } of list) {
          if (Object.keys(scope).join() !== [...attribute.dimensionIds].sort().join()) problems.push(`${sku} ${alias}: scope ${JSON.stringify(scope)}`);
          if (scope[LANGUAGE] !== undefined && !input.languages.includes(scope[LANGUAGE])) problems.push(`${sku} ${alias}: ${scope[LANGUAGE]}`);
          if (scope[MARKET] !== undefined && !input.markets.includes(scope[MARKET])) problems.push(`${sku} ${alias}: ${scope[MARKET]}`);
          kinds.add(Object.keys(scope).join('+'));
        }
      }
    }
    expect(problems).toEqual([]);
    // Global, localised, market and language × market values all occur.
    expect(kinds).toEqual(new Set(['', LANGUAGE, MARKET, `${LANGUAGE}+${MARKET}`]));
  });

  it('fills the core on every record: sku, the name in every language, the material', () => {
    const record = new LargeRecordSource(shape, 3).next('L-1');
    expect(record.values.sku).toEqual([{ scope: {}, value: 'L-1' }]);
    expect(record.values['product-name'].map((v) => v.scope[LANGUAGE])).toEqual(input.languages);
    expect(record.values['product-name'][0].value).toBe(record.firstLanguageName);
    expect(record.firstLanguageName).toMatch(/ \(da\)$/);
    expect(record.values.material).toEqual([{ scope: {}, value: record.material }]);
  });

  it('draws values the record write path accepts as they are (what COPY skips checking)', () => {
    const source = new LargeRecordSource(shape, 5);
    const segmentsByDimension = new Map([
      [LANGUAGE, new Set(input.languages)],
      [MARKET, new Set(input.markets)],
    ]);
    const problems: unknown[] = [];
    for (const sku of skus(500)) {
      const record = source.next(sku.replace('L-', 'L'));
      const attributes = new Map(shape.schemas[record.schemaIndex].attributes.map((a) => [a.alias, a]));
      const { issues, values } = validateValuesMap({ attributes, segmentsByDimension }, record.values);
      if (issues.length > 0) problems.push(...issues);
      // Stored as the service would store it: nothing normalised away or reordered.
      else if (JSON.stringify(values) !== JSON.stringify(record.values)) problems.push(`${sku}: normalised differently`);
    }
    expect(problems).toEqual([]);
  });

  it('is deterministic by seed', () => {
    const draw = (seed: number) => {
      const source = new LargeRecordSource(shape, seed);
      return skus(200).map((sku) => source.next(sku));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});
