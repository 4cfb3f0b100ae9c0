/**
 * Vendure as a bench peer: its server and worker as child processes on their own database
 * (bench_peer_vendure, dropped at stop), set up and seeded through its Admin GraphQL API as a
 * superadmin, and the read / create / list cases as GraphQL loads.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '@sigma/db';
import { freePort } from '@sigma/testing';
import type { LoadShape } from '../http-cases';
import { sleep } from '../stats';
import { type Child, type Peer, startChild, stopChild } from './peer';
import { createdProduct, peerCatalog, PEER_SCHEMAS, type PeerProduct } from './catalog';
import { graphqlItemLoad, type GraphqlStep, itemLoadProblem } from './graphql-load';
import * as gql from './vendure-graphql';

const SEED_BATCH = 50;
const SEED_CONCURRENCY = 4;

export async function startVendure(dir: string, serverUrl: string, log: (line: string) => void): Promise<Peer> {
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', '@vendure', 'core', 'package.json'), 'utf8')) as { version: string }).version;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = '/bench_peer_vendure';
  // A leftover from an interrupted run would make the seeded catalog twice as large.
  await dropDatabase(databaseUrl.toString());
  await ensureDatabase(databaseUrl.toString());
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const env = { PEER_DATABASE_URL: databaseUrl.toString(), PEER_PORT: String(port), PEER_ADMIN_USER: 'superadmin', PEER_ADMIN_PASSWORD: password };
  let server: Child | undefined;
  let worker: Child | undefined;
  const stop = async () => {
    await stopChild(worker);
    await stopChild(server);
    await dropDatabase(databaseUrl.toString()).catch((error: Error) => log(`dropping ${databaseUrl.pathname.slice(1)} failed: ${error.message}`));
  };
  try {
    server = await startChild('Vendure server', dir, process.execPath, ['server.js', 'server'], env, 'peer server ready', 180_000);
    worker = await startChild('Vendure worker', dir, process.execPath, ['server.js', 'worker'], env, 'peer worker ready', 180_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const origin = `http://127.0.0.1:${port}`;
  const api = `${origin}/admin-api`;

  const login = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...gql.LOGIN, variables: { username: 'superadmin', password } }) });
  const token = login.headers.get('vendure-auth-token');
  if (!token) {
    await stop();
    throw new Error(`Vendure login failed: ${login.status} ${(await login.text()).slice(0, 300)}`);
  }
  const headers = { authorization: `Bearer ${token}` };
  const call = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    const text = await response.text();
    const error = response.status === 200 ? gql.graphqlError(text) : `HTTP ${response.status} ${text.slice(0, 300)}`;
    if (error) throw new Error(`Vendure: ${error} (in ${query.replace(/\s+/g, ' ').slice(0, 80)})`);
    return (JSON.parse(text) as { data: T }).data;
  };

  let facetValues: Record<string, string> = {};
  let sampleIds: string[] = [];
  try {
    const settings = await call<{ country: { id: string }; taxCategory: { id: string }; facet: { id: string } }>(gql.SETUP_SETTINGS);
    const { zone } = await call<{ zone: { id: string } }>(gql.setupZone(settings.country.id));
    const { values } = await call<{ values: { id: string; code: string }[] }>(gql.setupChannel(zone.id, settings.taxCategory.id, settings.facet.id, PEER_SCHEMAS));
    facetValues = Object.fromEntries(values.map((v) => [v.code, v.id]));
  } catch (error) {
    await stop();
    throw error;
  }

  /** One batch of the catalog: the products in one request, then their variants, then their prices. */
  const seedBatch = async (products: PeerProduct[]): Promise<string[]> => {
    const batch = gql.createProductsBatch(products, facetValues);
    const created = await call<Record<string, { id: string }>>(batch.query, batch.variables);
    const productIds = products.map((_, i) => created[`p${i}`].id);
    const { createProductVariants: variants } = await call<{ createProductVariants: { id: string }[] }>(gql.CREATE_VARIANTS, {
      input: products.map((p, i) => gql.variantInput(productIds[i], p.sku, p.names.en, p.prices.EUR)),
    });
    await call(gql.UPDATE_VARIANTS, { input: products.map((p, i) => gql.pricesInput(variants[i].id, p.prices)) });
    return productIds;
  };

  const pendingJobs = async () =>
    (await call<{ jobs: { totalItems: number } }>('query { jobs(options: { take: 1, filter: { isSettled: { eq: false } } }) { totalItems } }')).jobs.totalItems;

  const seed: Peer['seed'] = async (count, seedValue, seedLog) => {
    const started = Date.now();
    const catalog = peerCatalog(count, seedValue, randomBytes(2).toString('hex').toUpperCase());
    const every = Math.max(1, Math.floor(count / 2000));
    const ids: string[] = [];
    let done = 0;
    const takeBatch = () => {
      const products: PeerProduct[] = [];
      for (let next = catalog.next(); !next.done; next = catalog.next()) {
        products.push(next.value);
        if (products.length === SEED_BATCH) break;
      }
      return products;
    };
    const worker = async () => {
      for (let products = takeBatch(); products.length > 0; products = takeBatch()) {
        const productIds = await seedBatch(products);
        products.forEach((p, i) => {
          if (p.index % every === 0) ids.push(productIds[i]);
        });
        done += products.length;
        if (done % 2000 < SEED_BATCH) seedLog(`Vendure: ${done.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} products`);
      }
    };
    await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
    sampleIds = ids;
    const seconds = (Date.now() - started) / 1000;
    // Jobs the worker still runs after the seed's writes would otherwise load the machine during the cases.
    const drainStarted = Date.now();
    for (let pending = await pendingJobs(); pending > 0; pending = await pendingJobs()) {
      if (Date.now() - drainStarted > 15 * 60_000) throw new Error(`Vendure's job queue still has ${pending} unsettled jobs after 15 minutes`);
      await sleep(1000);
    }
    return { seconds, drainSeconds: (Date.now() - drainStarted) / 1000 };
  };

  const load = async (steps: GraphqlStep[], shape: LoadShape) => {
    const result = await graphqlItemLoad(origin, '/admin-api', headers, steps, shape);
    const problem = itemLoadProblem(result);
    if (problem) throw new Error(`Vendure: ${problem}`);
    return result;
  };

  const tag = randomBytes(3).toString('hex').toUpperCase();
  let serial = 0;
  return {
    key: 'vendure',
    name: 'Vendure',
    version,
    notes: {
      seed: 'a product = 3 translations (en, da, de), a facet value (its schema), enabled or not (published or not), one variant with a sku and prices in EUR and DKK; 50 products a request (aliased createProduct), then their variants and prices',
      read: 'Admin GraphQL product(id) with its translations, facet values, variant sku and prices',
      create: 'createProduct, createProductVariants, updateProductVariants (its create takes only the default currency price) on one connection, timed as one create',
      list: 'Admin GraphQL products(take 50, filter facet value (schema) × enabled) with totalItems, translations, variant sku and prices',
    },
    pids: () => new Map([server, worker].flatMap((child, i) => (child?.process.pid ? [[i === 0 ? 'vendure server' : 'vendure worker', child.process.pid] as [string, number]] : []))),
    seed,
    read: async (shape) => {
      if (sampleIds.length === 0) throw new Error('Vendure: nothing seeded to read');
      let next = 0;
      return load([{ request: () => ({ query: gql.READ_PRODUCT, variables: { id: sampleIds[next++ % sampleIds.length] } }) }], shape);
    },
    create: (shape) =>
      load(
        [
          {
            request: (context) => {
              const index = serial++;
              const product = createdProduct(tag, index);
              // Cleared so a failed step fails the rest of its item instead of reusing the last item's ids.
              Object.assign(context, { product, productId: undefined, variantId: undefined });
              return { query: gql.CREATE_PRODUCT, variables: { input: gql.productInput(product.names, product.sku) } };
            },
            read: (data, context) => (context.productId = data.createProduct.id),
          },
          {
            request: (context) => {
              const product = context.product as ReturnType<typeof createdProduct>;
              return { query: gql.CREATE_VARIANTS, variables: { input: [gql.variantInput(context.productId as string, product.sku, product.names.en, product.prices.EUR)] } };
            },
            read: (data, context) => (context.variantId = data.createProductVariants[0].id),
          },
          {
            request: (context) => ({
              query: gql.UPDATE_VARIANTS,
              variables: { input: [gql.pricesInput(context.variantId as string, (context.product as ReturnType<typeof createdProduct>).prices)] },
            }),
          },
        ],
        shape,
      ),
    list: async (shape) => {
      const filters = PEER_SCHEMAS.flatMap((schema) => [true, false].map((enabled) => gql.listVariables(facetValues[schema], enabled)));
      let next = 0;
      return load([{ request: () => ({ query: gql.LIST_PRODUCTS, variables: filters[next++ % filters.length] }) }], shape);
    },
    stop,
  };
}
