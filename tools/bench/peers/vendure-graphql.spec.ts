import { peerCatalog } from './catalog';
import { createProductsBatch, graphqlError, listVariables, pricesInput, productInput } from './vendure-graphql';

describe('Vendure GraphQL documents', () => {
  it('makes one aliased createProduct per product, each with its own variable', () => {
    const products = [...peerCatalog(3, 7, 'T')];
    const batch = createProductsBatch(products, { apparel: '1', footwear: '2', outdoor: '3', home: '4' });
    expect(batch.query).toMatch(/^mutation Seed\(\$p0: CreateProductInput!, \$p1: CreateProductInput!, \$p2: CreateProductInput!\)/);
    expect(batch.query).toContain('p2: createProduct(input: $p2) { id }');
    const first = batch.variables?.p0 as { enabled: boolean; facetValueIds: string[]; translations: { languageCode: string; slug: string }[] };
    expect(first.translations.map((t) => t.languageCode)).toEqual(['en', 'da', 'de']);
    expect(first.facetValueIds).toEqual([{ apparel: '1', footwear: '2', outdoor: '3', home: '4' }[products[0].schema]]);
    expect(first.enabled).toBe(products[0].enabled);
  });

  it('gives every translation a slug unique to the product', () => {
    const input = productInput({ en: 'Merino Wool Shirt', da: 'Merino Wool Shirt (da)' }, 'CAB12-7') as { translations: { slug: string }[] };
    expect(input.translations.map((t) => t.slug)).toEqual(['merino-wool-shirt-cab12-7', 'merino-wool-shirt-da-cab12-7']);
  });

  it('prices a variant in both currencies and lists the first 50 of a filter', () => {
    expect(pricesInput('9', { EUR: 4995, DKK: 37400 }).prices).toEqual([
      { currencyCode: 'EUR', price: 4995 },
      { currencyCode: 'DKK', price: 37400 },
    ]);
    expect(listVariables('3', false)).toEqual({ options: { take: 50, skip: 0, filter: { facetValueId: { eq: '3' }, enabled: { eq: false } } } });
  });

  it('finds the errors GraphQL answers with a 200', () => {
    expect(graphqlError('{"data":{"product":{"id":"1"}}}')).toBeUndefined();
    expect(graphqlError('{"errors":[{"message":"Forbidden"}],"data":null}')).toBe('Forbidden');
    expect(graphqlError('{"errors": oops')).toMatch(/^unparseable answer/);
  });
});

describe('peer catalog', () => {
  it('is the same for the same seed and spreads over schemas and published or not', () => {
    const a = [...peerCatalog(2000, 42, 'A')];
    const b = [...peerCatalog(2000, 42, 'A')];
    expect(a).toEqual(b);
    const apparel = a.filter((p) => p.schema === 'apparel').length / a.length;
    const enabled = a.filter((p) => p.enabled).length / a.length;
    expect(apparel).toBeGreaterThan(0.35);
    expect(apparel).toBeLessThan(0.45);
    expect(enabled).toBeGreaterThan(0.55);
    expect(enabled).toBeLessThan(0.65);
    expect(new Set(a.map((p) => p.sku)).size).toBe(2000);
    expect(a[0].prices.DKK).toBe(Math.round(a[0].prices.EUR * 7.5));
  });
});
