/**
 * The Admin GraphQL documents the bench sends to Vendure. Vendure's createProductVariants takes
 * one price (the channel's default currency) and only updateProductVariants takes per-currency
 * prices, so a product with 2 market prices is 3 requests: product, variant, prices.
 */
import type { PeerProduct } from './catalog';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export const LOGIN: GraphqlRequest = {
  query: 'mutation Login($username: String!, $password: String!) { login(username: $username, password: $password) { ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }',
};

/** Languages, a tax zone and category (variant prices need them), EUR + DKK on the default channel. */
export const SETUP_SETTINGS = `mutation {
  updateGlobalSettings(input: { availableLanguages: [en, da, de] }) { ... on GlobalSettings { id } ... on ErrorResult { message } }
  country: createCountry(input: { code: "DK", enabled: true, translations: [{ languageCode: en, name: "Denmark" }] }) { id }
  taxCategory: createTaxCategory(input: { name: "Standard", isDefault: true }) { id }
  facet: createFacet(input: { code: "schema", isPrivate: false, translations: [{ languageCode: en, name: "Schema" }] }) { id }
}`;

export const setupZone = (countryId: string) => `mutation { zone: createZone(input: { name: "Markets", memberIds: ["${countryId}"] }) { id } }`;

export const setupChannel = (zoneId: string, taxCategoryId: string, facetId: string, schemas: readonly string[]) => `mutation {
  taxRate: createTaxRate(input: { name: "Standard", enabled: true, value: 25, categoryId: "${taxCategoryId}", zoneId: "${zoneId}" }) { id }
  channel: updateChannel(input: { id: "1", defaultTaxZoneId: "${zoneId}", defaultShippingZoneId: "${zoneId}", defaultCurrencyCode: EUR,
    availableCurrencyCodes: [EUR, DKK], availableLanguageCodes: [en, da, de] }) { ... on Channel { id } ... on ErrorResult { message } }
  values: createFacetValues(input: [${schemas.map((code) => `{ facetId: "${facetId}", code: "${code}", translations: [{ languageCode: en, name: "${code}" }] }`).join(', ')}]) { id code }
}`;

const slug = (text: string, sku: string) => `${text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${sku.toLowerCase()}`;

type Names = Partial<Record<'en' | 'da' | 'de', string>>;

/** CreateProductInput of a product: a translation per language, facet value, enabled flag. */
export function productInput(names: Names, sku: string, extra: { description?: string; enabled?: boolean; facetValueIds?: string[] } = {}): Record<string, unknown> {
  const translations = Object.entries(names).map(([languageCode, name]) => ({ languageCode, name, slug: slug(name as string, sku), description: extra.description ?? '' }));
  return { enabled: extra.enabled ?? true, facetValueIds: extra.facetValueIds ?? [], translations };
}

export const CREATE_PRODUCT = 'mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id } }';
export const CREATE_VARIANTS = 'mutation CreateVariants($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id } }';
export const UPDATE_VARIANTS = 'mutation UpdateVariants($input: [UpdateProductVariantInput!]!) { updateProductVariants(input: $input) { id } }';

export const variantInput = (productId: string, sku: string, name: string, eur: number) => ({ productId, sku, price: eur, translations: [{ languageCode: 'en', name }] });
export const pricesInput = (variantId: string, prices: { EUR: number; DKK: number }) => ({
  id: variantId,
  prices: [
    { currencyCode: 'EUR', price: prices.EUR },
    { currencyCode: 'DKK', price: prices.DKK },
  ],
});

/** One request creating many products: aliased createProduct mutations, run in order by GraphQL. */
export function createProductsBatch(products: readonly PeerProduct[], facetValueIds: Record<string, string>): GraphqlRequest {
  const fields = products.map((_, i) => `p${i}: createProduct(input: $p${i}) { id }`);
  const variables = Object.fromEntries(
    products.map((p, i) => [`p${i}`, productInput(p.names, p.sku, { description: p.description, enabled: p.enabled, facetValueIds: [facetValueIds[p.schema]] })]),
  );
  return { query: `mutation Seed(${products.map((_, i) => `$p${i}: CreateProductInput!`).join(', ')}) { ${fields.join(' ')} }`, variables };
}

/** Case 1 on the peer: one product with every translation and every price of its variant. */
export const READ_PRODUCT =
  'query Read($id: ID!) { product(id: $id) { id enabled updatedAt translations { languageCode name slug description } facetValues { code } variants { id sku prices { currencyCode price } } } }';

/** Case 4 on the peer: the first 50 products of a facet value × enabled filter, with the total. */
export const LIST_PRODUCTS =
  'query List($options: ProductListOptions) { products(options: $options) { totalItems items { id enabled updatedAt translations { languageCode name } variants { sku prices { currencyCode price } } } } }';

export const listVariables = (facetValueId: string, enabled: boolean) => ({ options: { take: 50, skip: 0, filter: { facetValueId: { eq: facetValueId }, enabled: { eq: enabled } } } });

/** GraphQL answers 200 with `errors` on failure: the first error's message, or undefined. */
export function graphqlError(body: string): string | undefined {
  if (!body.includes('"errors"')) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string }[] };
    return parsed.errors?.length ? (parsed.errors[0].message ?? 'GraphQL error') : undefined;
  } catch {
    return `unparseable answer: ${body.slice(0, 200)}`;
  }
}
