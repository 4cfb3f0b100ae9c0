/**
 * `npm run bench -- --peers`: installs and starts each peer, seeds it with a catalog the size of
 * Sigma's, and runs read, create and list against Sigma and the peer in alternating rounds, so the
 * machine's noise hits both; one row per case with the ratio Sigma ÷ peer, and one of idle RSS.
 */
import { randomBytes } from 'node:crypto';
import type { BenchData } from '../data';
import { type LoadShape, listFiltered, readById } from '../http-cases';
import { loadProblem, type LoadResult, runLoad } from '../load';
import type { Row } from '../rows';
import { sleep } from '../stats';
import { type BenchSystem, rssMb } from '../system';
import { createdProduct } from './catalog';
import type { ItemLoad } from './graphql-load';
import { ensurePeerInstalled } from './install';
import { peerCaseRow, peerMemoryRow, type Round } from './peer-rows';
import { startDirectus } from './directus';
import type { Peer } from './peer';
import { startVendure } from './vendure';

export const PEER_ROUNDS = 2;
const PEER_MIN_SECONDS = 10;

export interface PeerRunContext {
  root: string;
  system: BenchSystem;
  data?: BenchData;
  /** Products each peer is seeded with (peerProducts: at most PEER_PRODUCTS_MAX). */
  products: number;
  seed: number;
  /** Sigma's processes at rest right after start. */
  sigmaIdle: Record<string, number>;
  cases: { read: boolean; create: boolean; list: boolean };
  /** Keys of PEERS to run, in order. */
  peers: readonly string[];
  shape: (connections: number) => LoadShape;
  step: (key: string, id: string, title: string, body: () => Promise<Row>) => Promise<void>;
  log: (line: string) => void;
  /** Called with a started peer, so an interrupted run can still stop it. */
  started: (peer: Peer) => void;
}

const fromHttp = (load: LoadResult): Round => {
  const problem = loadProblem(load);
  if (problem) throw new Error(`Sigma: ${problem}`);
  return { perSecond: load.reqPerSec, p50: load.latency.p50, p99: load.latency.p99, items: load.ok };
};
const fromItems = (load: ItemLoad): Round => ({ perSecond: load.perSecond, p50: load.latency.p50, p99: load.latency.p99, items: load.items });

/** Sigma's side of the create case: the same product as the peer's (a name in 2 languages, a sku, prices in 2 markets). */
async function sigmaCreate(system: BenchSystem, shape: LoadShape): Promise<LoadResult> {
  // A tag per round: skus are unique in Sigma, and every round starts its serials at 0.
  const tag = randomBytes(3).toString('hex').toUpperCase();
  let serial = 0;
  const body = () => {
    const product = createdProduct(tag, serial++);
    return JSON.stringify({
      schemaId: 'schema-apparel',
      values: {
        'product-name': [
          { scope: {}, value: product.names.en },
          { scope: { 'dim-language': 'seg-da' }, value: product.names.da },
        ],
        sku: [{ scope: {}, value: product.sku }],
        price: [
          { scope: { 'dim-market': 'seg-de' }, value: product.prices.EUR / 100 },
          { scope: { 'dim-market': 'seg-dk' }, value: product.prices.DKK / 100 },
        ],
      },
    });
  };
  return runLoad({
    origin: system.origin,
    ...shape,
    headers: { authorization: `Bearer ${await system.token()}`, 'content-type': 'application/json' },
    requests: () => [{ method: 'POST', path: '/api/v1/records', body: body(), setupRequest: (request) => ({ ...request, body: body() }) }],
  });
}

/** Sigma round, peer round, Sigma round, … */
async function interleaved(sigma: () => Promise<Round>, peer: () => Promise<Round>): Promise<{ sigma: Round[]; peer: Round[] }> {
  const rounds = { sigma: [] as Round[], peer: [] as Round[] };
  for (let i = 0; i < PEER_ROUNDS; i++) {
    rounds.sigma.push(await sigma());
    rounds.peer.push(await peer());
  }
  return rounds;
}

/** The peers `--peers` knows, by folder name, in the order they run. */
export const PEERS: Record<string, { title: string; start: (dir: string, serverUrl: string, log: (line: string) => void) => Promise<Peer> }> = {
  vendure: { title: 'Vendure from npm: install, start (server + worker), seed the catalog through its Admin GraphQL API', start: startVendure },
  directus: { title: 'Directus from npm: install, bootstrap, start, seed the catalog through its REST API', start: startDirectus },
};

export async function runPeers(context: PeerRunContext): Promise<void> {
  for (const key of context.peers) await runPeer(context, key);
}

async function runPeer(context: PeerRunContext, key: string): Promise<void> {
  const { system, data, log, step } = context;
  // A peer may answer a list in seconds: rounds long enough to count some answers, the same for both sides.
  const shape = (connections: number): LoadShape => {
    const base = context.shape(connections);
    return { ...base, durationSeconds: Math.max(base.durationSeconds, PEER_MIN_SECONDS), warmUpSeconds: Math.max(base.warmUpSeconds, 3) };
  };
  let peer: Peer | undefined;
  let peerIdle: Record<string, number> = {};
  try {
    await step('P', `peer-${key}`, PEERS[key].title, async () => {
      const dir = await ensurePeerInstalled(context.root, key, log);
      const started = await PEERS[key].start(dir, system.serverUrl, log);
      peer = started;
      context.started(started);
      log(`${started.name} ${started.version} ready; seeding ${context.products.toLocaleString('en-US')} products through its API`);
      await sleep(2000);
      peerIdle = snapshot(started);
      const seeded = await started.seed(context.products, context.seed, log);
      return {
        figure: `${started.name} ${started.version} seeded with ${context.products.toLocaleString('en-US')} products in ${seeded.seconds.toFixed(0)} s (its job queue settled ${seeded.drainSeconds.toFixed(0)} s later)`,
        metrics: { version: started.version, ...seeded },
        notes: [started.notes.seed],
      };
    });
    const other = peer as Peer | undefined;
    if (!other) return;
    const name = `${other.name} ${other.version}`;
    if (context.cases.read && data) {
      const ids = data.sampleIds;
      await step('P', `peer-${key}-read`, `read one product with its localized values and prices: Sigma GET /records/:id vs ${other.name}`, async () =>
        peerCaseRow({
          unit: 'req',
          peerName: name,
          ...(await interleaved(async () => fromHttp(await readById(system, ids, shape(32), true)), async () => fromItems(await other.read(shape(32))))),
          notes: ['32 connections each; ids spread over the catalog, round robin; Sigma reads with Cache-Control: no-cache (every read reaches its database, as the peer\'s do)', `${other.name}: ${other.notes.read}`],
        }),
      );
    }
    if (context.cases.create) {
      await step('P', `peer-${key}-create`, 'create a product with a name in 2 languages and prices in 2 markets', async () =>
        peerCaseRow({
          unit: 'creates',
          peerName: name,
          ...(await interleaved(async () => fromHttp(await sigmaCreate(system, shape(32))), async () => fromItems(await other.create(shape(32))))),
          notes: ['32 connections each; Sigma: one POST /records', `${other.name}: ${other.notes.create}`],
        }),
      );
    }
    if (context.cases.list && data) {
      const filters = data.filters;
      await step('P', `peer-${key}-list`, `list the first 50 of a filter with the total (the peer holds ${context.products.toLocaleString('en-US')} products; Sigma its whole catalog)`, async () =>
        peerCaseRow({
          unit: 'req',
          peerName: name,
          ...(await interleaved(async () => fromHttp(await listFiltered(system, filters, shape(8))), async () => fromItems(await other.list(shape(8))))),
          notes: ['8 connections each; Sigma cycles its schema × lifecycle state filters (with total)', `${other.name}: ${other.notes.list}`],
        }),
      );
    }
    await step('P', `peer-${key}-rss`, 'idle RSS of the processes', async () => peerMemoryRow(context.sigmaIdle, peerIdle, name));
  } finally {
    await peer?.stop().catch((error: Error) => log(`stopping ${key} failed: ${error.message}`));
  }
}

function snapshot(peer: Peer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, pid] of peer.pids()) {
    const rss = rssMb(pid);
    if (rss !== undefined) out[name] = rss;
  }
  return out;
}
