import fc from 'fast-check';
import { type AttributeDto, MAX_REPORTED_ISSUES, type Scope, type ScopedValue, TOO_MANY_ISSUES_RULE, type ValidationIssue } from '@sigma/contracts';
import { DEMO_DIMENSIONS, DEMO_SCHEMA } from '../demo/demo-workspace';
import { scopeKey } from './scope';
import { validateAttributeValues, validateValuesMap, type ValueContext } from './scoped-values';

/** The demo schema plus one attribute of every remaining data type and one scoped by both dimensions. */
const EXTRA_ATTRIBUTES: AttributeDto[] = [
  { alias: 'tagline', name: 'Tagline', dataType: 'text', dimensionIds: ['dim-language', 'dim-market'], rules: { minLength: 3 } },
  { alias: 'stock', name: 'Stock', dataType: 'integer', dimensionIds: ['dim-market'], rules: { min: 0, max: 100000 } },
  { alias: 'discontinued', name: 'Discontinued', dataType: 'boolean', dimensionIds: [], rules: {} },
  { alias: 'launch-date', name: 'Launch date', dataType: 'date', dimensionIds: ['dim-market'], rules: {} },
  { alias: 'fabrics', name: 'Fabrics', dataType: 'multiselect', dimensionIds: [], rules: { options: ['cotton', 'linen', 'wool'] } },
  { alias: 'product-url', name: 'Product URL', dataType: 'url', dimensionIds: ['dim-market'], rules: {} },
];

const context: ValueContext = {
  attributes: new Map([...DEMO_SCHEMA.attributes, ...EXTRA_ATTRIBUTES].map((attribute) => [attribute.alias, attribute as AttributeDto])),
  segmentsByDimension: new Map(DEMO_DIMENSIONS.map((dimension) => [dimension.id, new Set(dimension.segments.map((segment) => segment.id))])),
};

const da = { 'dim-language': 'seg-da' };
const de = { 'dim-language': 'seg-de' };
const dk = { 'dim-market': 'seg-dk' };
const germany = { 'dim-market': 'seg-de' };

/** The body of the API document's "Create a record" example. */
const coastalWindbreaker = {
  'product-name': [
    { scope: {}, value: 'Coastal Windbreaker' },
    { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke' },
    { scope: { 'dim-language': 'seg-de' }, value: 'Kuesten Windjacke' },
  ],
  sku: [{ scope: {}, value: 'CW-001' }],
  price: [
    { scope: {}, value: 129.99 },
    { scope: { 'dim-market': 'seg-dk' }, value: 969 },
  ],
  description: [
    { scope: {}, value: 'Lightweight windbreaker for coastal adventures' },
    { scope: { 'dim-language': 'seg-da' }, value: 'Let vindjakke til eventyr langs kysten' },
  ],
};

const validate = (input: unknown) => validateValuesMap(context, input);
const summary = (issues: ValidationIssue[]) => issues.map((issue) => `${issue.field}:${issue.rule}`);

describe('validateValuesMap', () => {
  it('accepts the Coastal Windbreaker example and returns its values unchanged', () => {
    const { issues, values } = validate(coastalWindbreaker);
    expect(issues).toEqual([]);
    expect(values).toEqual(coastalWindbreaker);
  });

  it('accepts a valid value of every data type', () => {
    const { issues } = validate({
      'product-name': [{ scope: {}, value: 'Linen Shirt' }],
      description: [{ scope: {}, value: '<p>Rich <em>text</em></p>' }],
      price: [{ scope: dk, value: 599.5 }],
      stock: [{ scope: germany, value: 12 }],
      discontinued: [{ scope: {}, value: false }],
      'launch-date': [{ scope: dk, value: '2024-03-01' }],
      'garment-type': [{ scope: {}, value: 'shirt' }],
      fabrics: [{ scope: {}, value: ['linen', 'cotton'] }],
      'product-url': [{ scope: {}, value: 'https://sigma-pim.com/p/linen-shirt' }],
    });
    expect(issues).toEqual([]);
  });

  it.each([null, 'values', 42, [], [{ scope: {}, value: 'x' }]])('rejects a values map that is not an object: %j', (input) => {
    expect(validate(input)).toEqual({
      issues: [{ field: 'values', rule: 'type', message: expect.any(String) }],
      values: {},
    });
  });

  it('accepts an empty values map', () => {
    expect(validate({})).toEqual({ issues: [], values: {} });
  });

  it('rejects an attribute that is not in the schema, naming it', () => {
    const { issues } = validate({ colour: [{ scope: {}, value: 'navy' }], sku: [{ scope: {}, value: 'CW-001' }] });
    expect(issues).toEqual([
      { field: 'values.colour', rule: 'unknown-attribute', message: "attribute 'colour' is not in the schema", attributeAlias: 'colour' },
    ]);
  });

  it('treats an alias as case-sensitive', () => {
    expect(summary(validate({ SKU: [{ scope: {}, value: 'CW-001' }] }).issues)).toEqual(['values.SKU:unknown-attribute']);
  });

  it.each([
    ['a string', 'CW-001'],
    ['a scoped value instead of a list', { scope: {}, value: 'CW-001' }],
    ['null', null],
  ])('rejects %s where the list of scoped values belongs', (_, input) => {
    expect(validate({ sku: input }).issues).toEqual([
      { field: 'values.sku', rule: 'type', message: 'must be an array of { scope, value }', attributeAlias: 'sku' },
    ]);
  });

  it.each([
    ['a bare value', 'CW-001'],
    ['null', null],
    ['an array', [{}, 'CW-001']],
    ['no scope', { value: 'CW-001' }],
    ['a null scope', { scope: null, value: 'CW-001' }],
    ['an array scope', { scope: ['dim-language'], value: 'CW-001' }],
    ['a string scope', { scope: 'global', value: 'CW-001' }],
    ['no value', { scope: {} }],
  ])('rejects a malformed item (%s) at its index', (_, item) => {
    const { issues, values } = validate({ 'product-name': [{ scope: {}, value: 'Fine' }, item] });
    expect(issues).toEqual([
      { field: 'values.product-name[1]', rule: 'type', message: 'must be { scope: object, value }', attributeAlias: 'product-name' },
    ]);
    expect(values['product-name']).toEqual([{ scope: {}, value: 'Fine' }]);
  });

  describe('scope rules', () => {
    it('always allows the global scope, also for attributes with dimensions', () => {
      for (const alias of ['product-name', 'price', 'tagline', 'sku']) {
        const value = alias === 'price' ? 1 : 'ABC';
        expect(validateAttributeValues(context, alias, [{ scope: {}, value }], 'v').issues).toEqual([]);
      }
    });

    it('rejects a dimension the attribute is not scoped by, naming alias, scope and allowed dimensions', () => {
      const { issues } = validate({ sku: [{ scope: da, value: 'CW-001' }] });
      expect(issues).toEqual([
        {
          field: 'values.sku[0].scope',
          rule: 'scope-dimension',
          message: "'sku' is not scoped by 'dim-language'; allowed dimensions: none (global only)",
          attributeAlias: 'sku',
          scope: da,
        },
      ]);
    });

    it('rejects the market dimension on a language attribute and vice versa', () => {
      const { issues } = validate({ 'product-name': [{ scope: dk, value: 'x' }], price: [{ scope: da, value: 1 }] });
      expect(issues).toEqual([
        expect.objectContaining({ field: 'values.product-name[0].scope', rule: 'scope-dimension', attributeAlias: 'product-name', scope: dk }),
        expect.objectContaining({ field: 'values.price[0].scope', rule: 'scope-dimension', attributeAlias: 'price', scope: da }),
      ]);
      expect(issues[0].message).toContain('allowed dimensions: dim-language');
    });

    it('rejects a dimension that does not exist', () => {
      expect(validate({ 'product-name': [{ scope: { 'dim-channel': 'seg-web' }, value: 'x' }] }).issues).toEqual([
        expect.objectContaining({ rule: 'scope-dimension', attributeAlias: 'product-name', scope: { 'dim-channel': 'seg-web' } }),
      ]);
    });

    it('rejects a segment that is not in the dimension', () => {
      const { issues } = validate({ 'product-name': [{ scope: { 'dim-language': 'seg-dk' }, value: 'x' }] });
      expect(issues).toEqual([
        {
          field: 'values.product-name[0].scope',
          rule: 'scope-segment',
          message: "'seg-dk' is not a segment of 'dim-language'",
          attributeAlias: 'product-name',
          scope: { 'dim-language': 'seg-dk' },
        },
      ]);
      expect(summary(validate({ price: [{ scope: { 'dim-market': 'seg-da' }, value: 1 }] }).issues)).toEqual(['values.price[0].scope:scope-segment']);
      expect(summary(validate({ price: [{ scope: { 'dim-market': 'seg-xx' }, value: 1 }] }).issues)).toEqual(['values.price[0].scope:scope-segment']);
    });

    it('accepts seg-de in both dimensions: German for the language, Germany for the market', () => {
      const { issues, values } = validate({ 'product-name': [{ scope: de, value: 'Windjacke' }], price: [{ scope: germany, value: 159.99 }] });
      expect(issues).toEqual([]);
      expect(values).toEqual({ 'product-name': [{ scope: de, value: 'Windjacke' }], price: [{ scope: germany, value: 159.99 }] });
    });

    it('rejects a segment that is not a string, without echoing the malformed scope', () => {
      const { issues } = validate({ 'product-name': [{ scope: { 'dim-language': 7 }, value: 'x' }] });
      expect(issues).toEqual([
        { field: 'values.product-name[0].scope', rule: 'scope-segment', message: "segment of 'dim-language' must be a string", attributeAlias: 'product-name' },
      ]);
    });

    it('reports each bad key of a scope', () => {
      const { issues } = validate({ 'product-name': [{ scope: { 'dim-language': 'seg-xx', 'dim-market': 'seg-dk' }, value: 'x' }] });
      expect(issues.map((issue) => issue.rule).sort()).toEqual(['scope-dimension', 'scope-segment']);
    });

    it('accepts a scope over two dimensions and returns it with sorted keys', () => {
      const { issues, values } = validate({ tagline: [{ scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, value: 'Til kysten' }] });
      expect(issues).toEqual([]);
      expect(Object.keys(values.tagline[0].scope)).toEqual(['dim-language', 'dim-market']);
    });

    it('rejects a second value for the same scope, whatever the key order', () => {
      const { issues, values } = validate({
        tagline: [
          { scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 'first' },
          { scope: { 'dim-market': 'seg-dk', 'dim-language': 'seg-da' }, value: 'second' },
        ],
      });
      expect(issues).toEqual([
        {
          field: 'values.tagline[1].scope',
          rule: 'duplicate-scope',
          message: 'an attribute holds one value per scope',
          attributeAlias: 'tagline',
          scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' },
        },
      ]);
      expect(values.tagline).toEqual([{ scope: { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' }, value: 'first' }]);
    });

    it('rejects two global values', () => {
      expect(summary(validate({ sku: [{ scope: {}, value: 'A-1' }, { scope: {}, value: 'A-2' }] }).issues)).toEqual(['values.sku[1].scope:duplicate-scope']);
    });

    it('allows the same scope on different attributes', () => {
      expect(validate({ 'product-name': [{ scope: da, value: 'a' }], description: [{ scope: da, value: 'b' }] }).issues).toEqual([]);
    });
  });

  describe('null clears a scope', () => {
    it('drops null values from the result without an issue', () => {
      const { issues, values } = validate({ 'product-name': [{ scope: {}, value: 'Shirt' }, { scope: da, value: null }] });
      expect(issues).toEqual([]);
      expect(values).toEqual({ 'product-name': [{ scope: {}, value: 'Shirt' }] });
    });

    it('leaves an empty list when every value is null, and for an empty list', () => {
      expect(validate({ material: [{ scope: {}, value: null }], price: [] })).toEqual({ issues: [], values: { material: [], price: [] } });
    });

    it('still checks the scope of a null value and counts it for duplicates', () => {
      expect(summary(validate({ sku: [{ scope: da, value: null }] }).issues)).toEqual(['values.sku[0].scope:scope-dimension']);
      expect(summary(validate({ sku: [{ scope: {}, value: null }, { scope: {}, value: 'X-1' }] }).issues)).toEqual([
        'values.sku[1].scope:duplicate-scope',
      ]);
    });

    it('does not apply data type rules to null', () => {
      expect(validate({ price: [{ scope: {}, value: null }], 'garment-type': [{ scope: {}, value: null }] }).issues).toEqual([]);
    });
  });

  describe('value rules', () => {
    it('names path, alias, scope and rule of every broken value', () => {
      const { issues } = validate({
        price: [
          { scope: {}, value: 10 },
          { scope: dk, value: -1 },
        ],
        sku: [{ scope: {}, value: 'cw 001' }],
        'garment-type': [{ scope: {}, value: 'cape' }],
        'product-name': [{ scope: de, value: 'x'.repeat(201) }],
      });
      expect(issues).toEqual([
        { field: 'values.price[1].value', rule: 'min', message: 'must be at least 0', attributeAlias: 'price', scope: dk },
        { field: 'values.sku[0].value', rule: 'pattern', message: 'must match ^[A-Z0-9-]+$', attributeAlias: 'sku', scope: {} },
        { field: 'values.garment-type[0].value', rule: 'options', message: expect.stringContaining('shirt'), attributeAlias: 'garment-type', scope: {} },
        { field: 'values.product-name[0].value', rule: 'maxLength', message: 'must be at most 200 characters', attributeAlias: 'product-name', scope: de },
      ]);
    });

    it.each([
      ['product-name', 42, 'dataType'],
      ['description', { html: '<p/>' }, 'dataType'],
      ['price', '129.99', 'dataType'],
      ['stock', 1.5, 'dataType'],
      ['stock', 100001, 'max'],
      ['discontinued', 'no', 'dataType'],
      ['launch-date', '2023-02-29', 'dataType'],
      ['garment-type', ['shirt'], 'dataType'],
      ['fabrics', ['cotton', 'silk'], 'options'],
      ['fabrics', 'cotton', 'dataType'],
      ['product-url', 'ftp://example.com/x', 'dataType'],
      ['tagline', 'ab', 'minLength'],
      ['short-description', 'y'.repeat(501), 'maxLength'],
      ['sku', 'X'.repeat(65), 'maxLength'],
    ])('%s = %j breaks %s', (alias, value, rule) => {
      const { issues, values } = validate({ [alias]: [{ scope: {}, value }] });
      expect(issues).toEqual([expect.objectContaining({ field: `values.${alias}[0].value`, rule, attributeAlias: alias, scope: {} })]);
      // The normalized output still carries the value; the caller rejects the write on any issue.
      expect(values[alias]).toHaveLength(1);
    });

    it('reports every broken rule of one value', () => {
      const { issues } = validate({ sku: [{ scope: {}, value: 'a'.repeat(65) }] });
      expect(summary(issues)).toEqual(['values.sku[0].value:maxLength', 'values.sku[0].value:pattern']);
    });

    it('collects issues across attributes and items instead of stopping at the first', () => {
      const { issues } = validate({
        colour: [{ scope: {}, value: 'navy' }],
        sku: [{ scope: da, value: 'A' }],
        price: [{ scope: {}, value: 'free' }, 'oops'],
      });
      expect(summary(issues)).toEqual(['values.colour:unknown-attribute', 'values.sku[0].scope:scope-dimension', 'values.price[0].value:dataType', 'values.price[1]:type']);
    });
  });

  it('uses the given path, as PATCH does for its scopedValues body', () => {
    const { issues } = validateAttributeValues(context, 'product-name', [{ scope: {}, value: 'ok' }, { scope: dk, value: 'x' }], 'scopedValues');
    expect(issues).toEqual([expect.objectContaining({ field: 'scopedValues[1].scope', rule: 'scope-dimension', attributeAlias: 'product-name' })]);
    expect(validateValuesMap(context, 'nope', 'body.values').issues[0].field).toBe('body.values');
  });
});

describe('validateValuesMap (properties)', () => {
  const languageScopes: Scope[] = [{}, da, de];
  const taglineScopes: Scope[] = [
    {},
    da,
    de,
    dk,
    germany,
    { 'dim-language': 'seg-da', 'dim-market': 'seg-dk' },
    { 'dim-language': 'seg-de', 'dim-market': 'seg-de' },
    { 'dim-language': 'seg-da', 'dim-market': 'seg-de' },
  ];
  const shuffleKeys = (scope: Scope, reverse: boolean): Scope => (reverse ? Object.fromEntries(Object.entries(scope).reverse()) : { ...scope });
  const validList = (scopes: Scope[], value: fc.Arbitrary<unknown>): fc.Arbitrary<ScopedValue[]> =>
    fc
      .uniqueArray(fc.constantFrom(...scopes), { selector: scopeKey, maxLength: scopes.length })
      .chain((chosen) => fc.tuple(...chosen.map((scope) => fc.tuple(value, fc.boolean()).map(([v, reverse]) => ({ scope: shuffleKeys(scope, reverse), value: v })))));

  it('accepts any valid set of scoped values, in any key order, and returns each scope once with sorted keys', () => {
    fc.assert(
      fc.property(
        validList(languageScopes, fc.string({ maxLength: 200 })),
        validList(taglineScopes, fc.string({ minLength: 3, maxLength: 30 })),
        validList([{}, dk, germany], fc.double({ min: 0, max: 1e9, noNaN: true })),
        (names, taglines, prices) => {
          const { issues, values } = validate({ 'product-name': names, tagline: taglines, price: prices });
          expect(issues).toEqual([]);
          for (const [alias, list] of [['product-name', names], ['tagline', taglines], ['price', prices]] as const) {
            expect(values[alias].map((entry) => scopeKey(entry.scope))).toEqual(list.map((entry) => scopeKey(entry.scope)));
            expect(values[alias].map((entry) => entry.value)).toEqual(list.map((entry) => entry.value));
            for (const entry of values[alias]) expect(Object.keys(entry.scope)).toEqual(Object.keys(entry.scope).sort());
          }
        },
      ),
    );
  });

  it('flags exactly the repeated scopes of a list as duplicate-scope', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...taglineScopes), fc.boolean()), { maxLength: 12 }), (picks) => {
        const list = picks.map(([scope, reverse], index) => ({ scope: shuffleKeys(scope, reverse), value: `value ${index}` }));
        const seen = new Set<string>();
        const expected = list.flatMap((entry, index) => {
          const key = scopeKey(entry.scope);
          if (seen.has(key)) return [`values.tagline[${index}].scope:duplicate-scope`];
          seen.add(key);
          return [];
        });
        const { issues, values } = validate({ tagline: list });
        expect(summary(issues)).toEqual(expected);
        expect(values.tagline).toHaveLength(seen.size);
      }),
    );
  });
});

describe('bounded reports', () => {
  it('lists the first 100 issues of 60,000 unknown aliases and counts them all', () => {
    const input = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`nope-${i}`, [{ scope: {}, value: 'x' }]]));
    const { issues } = validate({ sku: [{ scope: {}, value: 'OK-1' }], ...input });
    expect(issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(issues[0]).toMatchObject({ field: 'values.nope-0', rule: 'unknown-attribute' });
    expect(issues[MAX_REPORTED_ISSUES]).toEqual({ field: 'values', rule: TOO_MANY_ISSUES_RULE, message: expect.stringContaining('60000 issues found') });
    expect(JSON.stringify(issues).length).toBeLessThan(20_000);
  });

  it('stops checking values once the list is full, and still counts unknown aliases', () => {
    const bad = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`nope-${i}`, []]));
    const { issues } = validate({ ...bad, price: [{ scope: {}, value: 'free' }] });
    expect(issues.map((issue) => issue.rule)).not.toContain('dataType');
    expect(issues[MAX_REPORTED_ISSUES].message).toContain('150 issues found');
  });

  it('caps the issues of one attribute the same way', () => {
    const { issues } = validateAttributeValues(context, 'price', Array.from({ length: 500 }, () => 'oops'), 'scopedValues');
    expect(issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(issues[MAX_REPORTED_ISSUES]).toMatchObject({ field: 'scopedValues', rule: TOO_MANY_ISSUES_RULE });
  });
});
