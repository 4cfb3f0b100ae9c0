/**
 * The peer's catalog, seeded like tools/bench/data.ts seeds Sigma's records: the same seeded spread
 * over 4 schemas (a facet on the peer) × published or not, a name in 3 languages, a price in 2 markets.
 */
import { seededRandom, weightedIndex } from '../stats';

export const PEER_SCHEMAS = ['apparel', 'footwear', 'outdoor', 'home'];
const SCHEMA_WEIGHTS = [40, 30, 20, 10];
// Sigma's draft + review (20 + 20) are unpublished, published (60) is enabled.
const PUBLISHED_WEIGHTS = [40, 60];
const WORDS = ['Classic', 'Merino', 'Harbour', 'Linen', 'Summer', 'Alpine', 'Nordic', 'Cotton', 'Field', 'Urban', 'Coastal', 'Wool', 'Canvas', 'Trail'];
const NOUNS = ['Shirt', 'Sweater', 'Jacket', 'Trousers', 'Dress', 'Scarf', 'Boot', 'Cap', 'Parka', 'Vest'];
const MATERIALS = ['100% cotton', 'Merino wool', 'Linen', 'Recycled polyester', 'Nylon', 'Cashmere blend'];

export interface PeerProduct {
  index: number;
  schema: string;
  enabled: boolean;
  /** en (Sigma's global value), da, de. */
  names: { en: string; da: string; de: string };
  description: string;
  sku: string;
  /** Minor units (cents / øre): EUR is Sigma's global price, DKK its seg-dk price. */
  prices: { EUR: number; DKK: number };
}

/** `count` products from `seed`, in order; `tag` keeps SKUs and slugs unique across runs. */
export function* peerCatalog(count: number, seed: number, tag: string): Generator<PeerProduct> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  for (let index = 0; index < count; index++) {
    const schema = PEER_SCHEMAS[weightedIndex(SCHEMA_WEIGHTS, random())];
    const enabled = weightedIndex(PUBLISHED_WEIGHTS, random()) === 1;
    const name = `${pick(WORDS)} ${pick(WORDS)} ${pick(NOUNS)}`;
    const material = pick(MATERIALS);
    const price = Math.round(random() * 30000);
    yield {
      index,
      schema,
      enabled,
      names: { en: name, da: `${name} (da)`, de: `${name} (de)` },
      description: `${name} in ${material.toLowerCase()}.`,
      sku: `P${tag}-${index}`,
      prices: { EUR: price, DKK: Math.round(price * 7.5) },
    };
  }
}

/** The product a create request makes (both sides the same shape): a name in 2 languages, a sku, prices in 2 markets. */
export function createdProduct(tag: string, index: number): { names: { en: string; da: string }; sku: string; prices: { EUR: number; DKK: number } } {
  return { names: { en: `Bench Shirt ${index}`, da: `Bench skjorte ${index}` }, sku: `C${tag}-${index}`, prices: { EUR: 4995, DKK: 37400 } };
}
