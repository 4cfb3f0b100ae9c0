/**
 * The system under test: either started here (every service a real process on a fresh database
 * with its own NATS subject prefix, as the e2e tests do) or a running one named by PIM_URL with
 * DATABASE_URL (and NATS_URL / NATS_SUBJECT_PREFIX; PIM_PIDS=name=pid,... for memory figures).
 */
import fs from 'node:fs';
import { startTestSystem, TEST_NATS_URL, TEST_PG_BASE_URL, type TestSystem } from '@sigma/testing';
import { assertLoopback } from './load';

export interface BenchSystem {
  kind: 'spawned' | 'external';
  /** `http://host:port/api/v1` */
  baseUrl: string;
  /** `http://host:port` */
  origin: string;
  /** The system's own database. */
  databaseUrl: string;
  /** The PostgreSQL server (any database on it) where scratch databases may be created. */
  serverUrl: string;
  natsUrl: string;
  subjectPrefix?: string;
  /** Service name → process id, where known. */
  pids(): Map<string, number>;
  token(user?: string): Promise<string>;
  /** JSON request with the admin token; throws on an unexpected status. */
  call<T = any>(method: string, path: string, body?: unknown, expect?: number[]): Promise<{ status: number; body: T }>;
  /** POST of NDJSON lines with the admin token; throws unless it answers 200 with no failed line. */
  postNdjson(path: string, lines: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  label?: string;
  /** Processes per backend app (startTestSystem's option); a case that asks for them always spawns its own system. */
  replicas?: Partial<Record<string, number>>;
}

export async function openSystem(log: (line: string) => void, spawn?: SpawnOptions): Promise<BenchSystem> {
  const external = spawn ? undefined : process.env.PIM_URL;
  let test: TestSystem | undefined;
  let baseUrl: string;
  let databaseUrl: string;
  let natsUrl: string;
  let subjectPrefix: string | undefined;
  if (external) {
    if (!process.env.DATABASE_URL) throw new Error('PIM_URL needs DATABASE_URL (the system database) for generated data and baselines');
    baseUrl = external.replace(/\/+$/, '');
    if (!baseUrl.endsWith('/api/v1')) baseUrl += '/api/v1';
    databaseUrl = process.env.DATABASE_URL;
    natsUrl = process.env.NATS_URL ?? TEST_NATS_URL;
    subjectPrefix = process.env.NATS_SUBJECT_PREFIX || undefined;
    log(`using the running system at ${baseUrl}`);
  } else {
    log('starting the system (every service as its own process, fresh database)');
    test = await startTestSystem({ label: spawn?.label ?? 'bench', startupTimeoutMs: 90000, env: { LOG_LEVEL: 'warn' }, replicas: spawn?.replicas });
    baseUrl = test.baseUrl;
    databaseUrl = test.database.url;
    natsUrl = TEST_NATS_URL;
    subjectPrefix = test.subjectPrefix;
  }
  assertLoopback(baseUrl);
  const origin = new URL(baseUrl).origin;
  const serverUrl = external ? databaseUrl : TEST_PG_BASE_URL;
  // Access tokens are short (15 minutes by default) and a full run is longer: log in again a minute before expiry.
  const tokens = new Map<string, { value: string; until: number }>();

  const token = async (user = 'admin') => {
    const cached = tokens.get(user);
    if (cached && cached.until > Date.now()) return cached.value;
    const response = await fetch(`${baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: `${user}-demo` }),
    });
    if (response.status !== 200) throw new Error(`login as ${user} failed: ${response.status} ${await response.text()}`);
    const { accessToken, expiresIn } = (await response.json()) as { accessToken: string; expiresIn: number };
    tokens.set(user, { value: accessToken, until: Date.now() + (expiresIn - 60) * 1000 });
    return accessToken;
  };

  const call = async <T>(method: string, path: string, body?: unknown, expect: number[] = [200, 201, 204]) => {
    const headers: Record<string, string> = { authorization: `Bearer ${await token()}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as T) : (undefined as T);
    if (!expect.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return { status: response.status, body: parsed };
  };

  const postNdjson = async (path: string, lines: readonly string[]) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    const answer = await response.text();
    if (response.status !== 200 || answer.includes('"failed"')) throw new Error(`POST ${path} answered ${response.status}: ${answer.slice(0, 300)}`);
  };

  const pids = () => {
    if (test) {
      const system = test;
      // Replicas of one app as `name#1`, `name#2`; a single process keeps its plain name.
      const label = (s: TestSystem['services'][number]) => {
        const replicas = system.replicasOf(s.name);
        return replicas.length > 1 ? `${s.name}#${replicas.indexOf(s) + 1}` : s.name;
      };
      return new Map(system.services.filter((s) => s.child.pid !== undefined).map((s) => [label(s), s.child.pid as number]));
    }
    const given = process.env.PIM_PIDS ?? '';
    return new Map(
      given
        .split(',')
        .map((pair) => pair.split('='))
        .filter(([name, pid]) => name && Number(pid) > 0)
        .map(([name, pid]) => [name.trim(), Number(pid)]),
    );
  };

  return {
    kind: test ? 'spawned' : 'external',
    baseUrl,
    origin,
    databaseUrl,
    serverUrl,
    natsUrl,
    subjectPrefix,
    pids,
    token,
    call,
    postNdjson,
    stop: async () => {
      await test?.stop();
    },
  };
}

/** Resident set size (MB) of a process, from /proc/<pid>/status VmRSS; undefined once it is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of every service while load runs, keeping each one's peak. */
export class RssSampler {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly system: BenchSystem) {}

  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of this.system.pids()) {
      const rss = rssMb(pid);
      if (rss !== undefined) out[name] = rss;
    }
    return out;
  }

  start(intervalMs = 200): void {
    this.stop();
    this.timer = setInterval(() => {
      for (const [name, rss] of Object.entries(this.snapshot())) this.peaks.set(name, Math.max(rss, this.peaks.get(name) ?? 0));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  peak(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }
}
