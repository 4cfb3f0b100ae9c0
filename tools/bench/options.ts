/** Command line of `npm run bench` and the sizes of a quick, a full and a large-profile run. */

export const CASES = [
  { key: '1', id: 'get-record', aliases: ['get', 'read'] },
  { key: '2', id: 'create-record', aliases: ['create', 'post', 'write'] },
  { key: '3', id: 'audit-lag', aliases: ['audit'] },
  { key: '4', id: 'list-records', aliases: ['list'] },
  { key: '5', id: 'completeness', aliases: [] },
  { key: '6', id: 'apply-change-set', aliases: ['apply', 'change-set'] },
  { key: '7', id: 'memory', aliases: ['rss'] },
  { key: '8', id: 'search', aliases: ['filter'] },
  { key: '9', id: 'bulk-decision', aliases: ['decide', 'bulk'] },
  { key: '10', id: 'change-feed', aliases: ['feed', 'events'] },
  { key: '11', id: 'import', aliases: ['imports'] },
  { key: '12', id: 'review-scale', aliases: ['scale'] },
  { key: '13', id: 'completeness-report', aliases: ['report'] },
] as const;

/** The products `--peers` can bench Sigma against (tools/bench/peers/<key>). */
export const PEER_KEYS = ['vendure', 'directus'];

/**
 * A peer is seeded through its own API (Vendure at about 15 products/s: 11 minutes for 10,000),
 * so its catalog is at most this many products however many records Sigma's run generates.
 */
export const PEER_PRODUCTS_MAX = 10_000;
export const peerProducts = (records: number): number => Math.min(records, PEER_PRODUCTS_MAX);

export type CaseKey = (typeof CASES)[number]['key'];

/**
 * `standard`: the seeded data of data.ts and every case but 13. `large`: Akeneo's large catalog
 * shape (large-shape.ts) and only the cases that read or change it.
 */
export type Profile = 'standard' | 'large';
export const PROFILES: readonly Profile[] = ['standard', 'large'];
export const LARGE_CASES: readonly CaseKey[] = ['1', '4', '6', '8', '13'];
/** Cases that need the large catalog. */
const LARGE_ONLY: readonly CaseKey[] = ['13'];

export interface BenchOptions {
  profile: Profile;
  quick: boolean;
  records: number;
  operations: number;
  seed: number;
  only: Set<CaseKey>;
  sizes: Sizes;
  /** `--peers[=vendure,directus]`: the peers to install, start and bench next to Sigma (none without the flag). */
  peers: string[];
}

export interface Sizes {
  warmUpSeconds: number;
  durationSeconds: number;
  maxRequests: number;
  /** Records of baseline (b), loop and batched. */
  rawInserts: number;
  echoSamples: number;
  echoSeconds: number;
  completenessIterations: number;
  /** Records generated into one schema and re-scored through GET /schemas/:id/completeness (case 5). */
  rescoreRecords: number;
  applyWarmUp: number;
  applyLimitMs: number;
  /** GET /schemas/:id/completeness requests of case 13. */
  reportRequests: number;
  /** Whole-run watchdog. */
  runLimitMs: number;
}

const QUICK: Sizes = {
  warmUpSeconds: 1,
  durationSeconds: 3,
  maxRequests: 50_000,
  rawInserts: 300,
  echoSamples: 300,
  echoSeconds: 1,
  completenessIterations: 1000,
  rescoreRecords: 5_000,
  applyWarmUp: 20,
  applyLimitMs: 100_000,
  reportRequests: 50,
  runLimitMs: 5 * 60_000,
};

const FULL: Sizes = {
  warmUpSeconds: 3,
  durationSeconds: 10,
  maxRequests: 500_000,
  rawInserts: 2000,
  echoSamples: 2000,
  echoSeconds: 3,
  completenessIterations: 2000,
  rescoreRecords: 100_000,
  applyWarmUp: 100,
  applyLimitMs: 10 * 60_000,
  reportRequests: 200,
  runLimitMs: 40 * 60_000,
};

/**
 * Watchdog allowance per generated record of the large profile (COPY, unique rows, VACUUM,
 * re-score): about 1 ms was measured at 20,000 records on 2 loaded cores, and larger indexes cost more a row.
 */
const LARGE_MS_PER_RECORD = 5;
/**
 * The large profile's change set: the apply target is stated per 10,000 updates, and the 100,000-update
 * ceiling is the standard run's; this keeps the set's building and apply minutes beside the catalog's generation.
 */
const LARGE_OPERATIONS = 10_000;

/** A full run's sizes, with the watchdog extended for generating and scoring `records` records first. */
export function largeSizes(records: number): Sizes {
  return { ...FULL, runLimitMs: FULL.runLimitMs + Math.ceil(records * LARGE_MS_PER_RECORD) };
}

export const USAGE = `npm run bench -- [--quick] [--profile large] [--records N] [--ops N] [--seed N] [--only case,case] [--peers]
  --quick        small data and short runs (CI smoke, < 2 min)
  --profile large  Akeneo's large catalog: 1,000 attributes (in schemas of at most 500), 4 languages × 2 markets,
                 families of 100 attributes, about 53 values a record, completeness scored by the records service;
                 runs only ${LARGE_CASES.join(', ')} and writes bench/results/large-latest.{json,md}. Longer than CI allows
                 and not part of it; --records and --ops shrink it (default 1,000,000 records, 10,000 operations)
  --records N    records generated with COPY for the list case (default 1,000,000; quick 50,000)
  --ops N        update operations in the applied change set (default 100,000; quick 500; large 10,000)
  --only LIST    cases by number or name: ${CASES.map((c) => `${c.key}=${c.id}`).join(', ')}
                 (13 only with --profile large)
  --peers[=LIST] also install peers from npm (into tmp/peers) and run read, create and list against them, interleaved
                 with Sigma: ${PEER_KEYS.join(', ')} (default all); each seeded with at most ${PEER_PRODUCTS_MAX.toLocaleString('en-US')} products
Env: PIM_URL + DATABASE_URL (+ NATS_URL, NATS_SUBJECT_PREFIX, PIM_PIDS=name=pid,...) to bench a running system.`;

function positive(flag: string, value: string | undefined): number {
  const n = Number(String(value).replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive whole number, got '${value}'`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  let quick = false;
  let records: number | undefined;
  let operations: number | undefined;
  let seed = 20240601;
  let only: Set<CaseKey> | undefined;
  let peers: string[] = [];
  let profile: Profile = 'standard';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--profile': {
        const name = value();
        if (!PROFILES.includes(name as Profile)) throw new Error(`unknown profile '${name}' (known: ${PROFILES.join(', ')})`);
        profile = name as Profile;
        break;
      }
      case '--records':
        records = positive(flag, value());
        break;
      case '--ops':
        operations = positive(flag, value());
        break;
      case '--seed':
        seed = positive(flag, value());
        break;
      case '--only':
        only = new Set(
          value()
            .split(',')
            .filter(Boolean)
            .map((name) => {
              const found = CASES.find((c) => c.key === name || c.id === name || (c.aliases as readonly string[]).includes(name));
              if (!found) throw new Error(`unknown case '${name}'`);
              return found.key;
            }),
        );
        break;
      case '--peers':
        peers = inline ? inline.split(',').filter(Boolean) : [...PEER_KEYS];
        for (const peer of peers) if (!PEER_KEYS.includes(peer)) throw new Error(`unknown peer '${peer}' (known: ${PEER_KEYS.join(', ')})`);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument '${argv[i]}'\n${USAGE}`);
    }
  }
  if (profile === 'large') {
    if (quick) throw new Error('--profile large has no quick form: shrink it with --records N and --ops N');
    if (peers.length > 0) throw new Error('--profile large runs no peers');
    const outside = [...(only ?? [])].filter((key) => !LARGE_CASES.includes(key));
    if (outside.length > 0) throw new Error(`--profile large runs only cases ${LARGE_CASES.join(', ')} (not ${outside.join(', ')})`);
    const count = records ?? 1_000_000;
    return { profile, quick, records: count, operations: operations ?? LARGE_OPERATIONS, seed, only: only ?? new Set(LARGE_CASES), sizes: largeSizes(count), peers };
  }
  const largeOnly = [...(only ?? [])].filter((key) => LARGE_ONLY.includes(key));
  if (largeOnly.length > 0) throw new Error(`case ${largeOnly.join(', ')} runs only with --profile large`);
  return {
    profile,
    quick,
    records: records ?? (quick ? 50_000 : 1_000_000),
    operations: operations ?? (quick ? 500 : 100_000),
    seed,
    only: only ?? new Set(CASES.map((c) => c.key).filter((key) => !LARGE_ONLY.includes(key))),
    // Installing and seeding a peer through its API takes minutes.
    sizes: peers.length > 0 ? { ...(quick ? QUICK : FULL), runLimitMs: (quick ? QUICK : FULL).runLimitMs + 60 * 60_000 } : quick ? QUICK : FULL,
    peers,
  };
}
