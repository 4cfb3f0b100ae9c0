/**
 * Directus as a second bench peer: a generic REST API over a PostgreSQL table. One `products`
 * collection made through its API (a column per language and per market, since a flat table is
 * what a generic table API serves), its own database (bench_peer_directus, dropped at stop).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '@sigma/db';
import { freePort } from '@sigma/testing';
import type { LoadShape } from '../http-cases';
import { loadProblem, type LoadResult, runLoad } from '../load';
import { sleep } from '../stats';
import { createdProduct, peerCatalog, PEER_SCHEMAS, type PeerProduct } from './catalog';
import type { ItemLoad } from './graphql-load';
import { type Child, type Peer, stopChild } from './peer';

const SEED_BATCH = 500;

/** The collection: what Sigma's record holds, one column each. */
export const PRODUCTS_COLLECTION = {
  collection: 'products',
  meta: { icon: 'inventory' },
  schema: {},
  fields: [
    { field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
    { field: 'sku', type: 'string', schema: { is_unique: true, is_nullable: false } },
    { field: 'schema_code', type: 'string', schema: { is_indexed: true } },
    { field: 'enabled', type: 'boolean', schema: { is_indexed: true, default_value: true } },
    ...['name_en', 'name_da', 'name_de'].map((field) => ({ field, type: 'string', schema: {} })),
    { field: 'description', type: 'text', schema: {} },
    { field: 'price_eur', type: 'integer', schema: {} },
    { field: 'price_dkk', type: 'integer', schema: {} },
  ],
};

export const productItem = (p: PeerProduct) => ({
  sku: p.sku,
  schema_code: p.schema,
  enabled: p.enabled,
  name_en: p.names.en,
  name_da: p.names.da,
  name_de: p.names.de,
  description: p.description,
  price_eur: p.prices.EUR,
  price_dkk: p.prices.DKK,
});

export const listPath = (schema: string, enabled: boolean) =>
  `/items/products?filter[schema_code][_eq]=${encodeURIComponent(schema)}&filter[enabled][_eq]=${enabled}&limit=50&sort=id&meta=filter_count`;

function runOnce(dir: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-3000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`directus ${args.slice(1).join(' ')} ended with ${signal ?? `code ${code}`}: ${output.trim().split('\n').slice(-4).join(' / ')}`));
    });
  });
}

const asItems = (http: LoadResult): ItemLoad => {
  const problem = loadProblem(http);
  if (problem) throw new Error(`Directus: ${problem}`);
  return { perSecond: http.reqPerSec, latency: http.latency, items: http.ok, failed: http.non2xx + http.errors, stepsPerItem: 1, http };
};

export async function startDirectus(dir: string, serverUrl: string, log: (line: string) => void): Promise<Peer> {
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'directus', 'package.json'), 'utf8')) as { version: string }).version;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = '/bench_peer_directus';
  await dropDatabase(databaseUrl.toString());
  await ensureDatabase(databaseUrl.toString());
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const email = 'admin@example.com';
  const password = randomBytes(12).toString('hex');
  const env = {
    DB_CLIENT: 'pg',
    DB_CONNECTION_STRING: databaseUrl.toString(),
    KEY: randomBytes(16).toString('hex'),
    SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: email,
    ADMIN_PASSWORD: password,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: origin,
    LOG_LEVEL: 'warn',
    LOG_STYLE: 'raw',
    ACCESS_TOKEN_TTL: '6h',
    TELEMETRY: 'false',
    WEBSOCKETS_ENABLED: 'false',
    STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'),
    EXTENSIONS_PATH: path.join(dir, 'extensions'),
  };
  const cli = path.join('node_modules', 'directus', 'cli.js');
  let server: Child | undefined;
  const stop = async () => {
    await stopChild(server);
    await dropDatabase(databaseUrl.toString()).catch((error: Error) => log(`dropping bench_peer_directus failed: ${error.message}`));
  };
  try {
    await runOnce(dir, [cli, 'bootstrap'], env, 300_000);
    // Directus logs little at warn level: it is up once /server/ping answers.
    const child = spawn(process.execPath, [cli, 'start'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-3000)));
    server = { process: child, tail: () => output.trim().split('\n').slice(-4).join(' / ') };
    const until = Date.now() + 180_000;
    while (!(await fetch(`${origin}/server/ping`).then((r) => r.text(), () => '')).includes('pong')) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`Directus did not start: ${server.tail()}`);
      await sleep(500);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const call = async <T = any>(method: string, urlPath: string, token: string | undefined, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${origin}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`Directus ${method} ${urlPath}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  let token: string;
  try {
    token = (await call<{ data: { access_token: string } }>('POST', '/auth/login', undefined, { email, password })).data.access_token;
    await call('POST', '/collections', token, PRODUCTS_COLLECTION);
  } catch (error) {
    await stop();
    throw error;
  }
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let sampleIds: number[] = [];

  const seed: Peer['seed'] = async (count, seedValue, seedLog) => {
    const started = Date.now();
    const every = Math.max(1, Math.floor(count / 2000));
    const ids: number[] = [];
    let batch: PeerProduct[] = [];
    const flush = async () => {
      const { data } = await call<{ data: { id: number }[] }>('POST', '/items/products?fields=id', token, batch.map(productItem));
      batch.forEach((p, i) => {
        if (p.index % every === 0) ids.push(data[i].id);
      });
      if ((batch[batch.length - 1].index + 1) % 2000 === 0) seedLog(`Directus: ${(batch[batch.length - 1].index + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} products`);
      batch = [];
    };
    for (const product of peerCatalog(count, seedValue, randomBytes(2).toString('hex').toUpperCase())) {
      batch.push(product);
      if (batch.length === SEED_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    sampleIds = ids;
    return { seconds: (Date.now() - started) / 1000, drainSeconds: 0 };
  };

  const tag = randomBytes(3).toString('hex').toUpperCase();
  let serial = 0;
  const createBody = () => {
    const p = createdProduct(tag, serial++);
    return JSON.stringify({ sku: p.sku, schema_code: 'apparel', enabled: true, name_en: p.names.en, name_da: p.names.da, price_eur: p.prices.EUR, price_dkk: p.prices.DKK });
  };
  const cycling = (paths: readonly string[], shape: LoadShape) => {
    let next = 0;
    return runLoad({ origin, ...shape, timeoutSeconds: 30, headers, requests: () => [{ method: 'GET', path: paths[0], setupRequest: (r) => ({ ...r, path: paths[next++ % paths.length] }) }] });
  };

  return {
    key: 'directus',
    name: 'Directus',
    version,
    notes: {
      seed: 'one row per product in a products collection made through its API: sku, schema, enabled, name_en/da/de, description, price_eur/dkk (indexed schema and enabled); 500 products a POST',
      read: 'GET /items/products/:id, every column',
      create: 'one POST /items/products (sku, names in 2 languages, prices in 2 markets)',
      list: 'GET /items/products?filter[schema_code]&filter[enabled]&limit=50&meta=filter_count',
    },
    pids: () => new Map(server?.process.pid ? [['directus', server.process.pid]] : []),
    seed,
    read: async (shape) => {
      if (sampleIds.length === 0) throw new Error('Directus: nothing seeded to read');
      return asItems(await cycling(sampleIds.map((id) => `/items/products/${id}`), shape));
    },
    create: async (shape) =>
      asItems(await runLoad({ origin, ...shape, timeoutSeconds: 30, headers, requests: () => [{ method: 'POST', path: '/items/products', body: createBody(), setupRequest: (r) => ({ ...r, body: createBody() }) }] })),
    list: async (shape) => asItems(await cycling(PEER_SCHEMAS.flatMap((schema) => [true, false].map((enabled) => listPath(schema, enabled))), shape)),
    stop,
  };
}
