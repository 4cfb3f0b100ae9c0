/**
 * `npm run soak [-- --duration 600 --rate 50 --calibrate 10]`: starts the whole system (fresh
 * database, own subject prefix; the local PostgreSQL/NATS or TEST_DATABASE_URL/TEST_NATS_URL),
 * measures write capacity for `--calibrate` seconds (unless `--rate` is given), then runs a
 * steady open-loop load at 70% of it (`--fraction`) for `--duration` seconds (default 10 min):
 * record creates, PATCHes and reads. Every 10 s and at the end it reports the request count,
 * errors by status and the RSS of every service process (and its growth since the warm-up).
 * Exits non-zero on any 5xx/network error or when a service exits. Not part of CI.
 */
import { readFileSync } from 'node:fs';
import { startTestSystem, type TestSystem } from '@sigma/testing';

interface Options {
  durationS: number;
  rate?: number;
  fraction: number;
  calibrateS: number;
  reportEveryS: number;
}

function parseArgs(argv: string[]): Options {
  const get = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    if (index >= 0) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
  };
  const optional = (name: string): number | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
    return value;
  };
  return {
    durationS: optional('duration') ?? 600,
    rate: optional('rate'),
    fraction: optional('fraction') ?? 0.7,
    calibrateS: optional('calibrate') ?? 10,
    reportEveryS: optional('report') ?? 10,
  };
}

function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

class Stats {
  requests = 0;
  ok = 0;
  byStatus = new Map<string, number>();
  latencies: number[] = [];

  add(status: number, ms: number) {
    this.requests += 1;
    if (status >= 200 && status < 300) this.ok += 1;
    else this.byStatus.set(String(status || 'network'), (this.byStatus.get(String(status || 'network')) ?? 0) + 1);
    this.latencies.push(ms);
  }

  p(q: number): number {
    if (this.latencies.length === 0) return 0;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  serverErrors(): number {
    return [...this.byStatus.entries()].filter(([status]) => status === 'network' || Number(status) >= 500).reduce((sum, [, n]) => sum + n, 0);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stdout.write(`[soak] ${line}\n`);
  log(`starting the system`);
  const system: TestSystem = await startTestSystem({ label: 'soak', startupTimeoutMs: 120_000 });
  let exitCode = 0;
  try {
    const token = await system.api.token('admin');
    let counter = 0;
    const ids: string[] = [];
    const call = async (stats: Stats, method: string, path: string, body?: unknown) => {
      const started = Date.now();
      let status = 0;
      let parsed: any;
      try {
        const response = await fetch(`${system.baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        status = response.status;
        parsed = await response.json().catch(() => undefined);
      } catch {
        status = 0;
      }
      stats.add(status, Date.now() - started);
      return { status, body: parsed };
    };
    /** One unit of work: a create, or a PATCH / read of an earlier record. */
    const operation = async (stats: Stats) => {
      const kind = ids.length < 20 ? 0 : counter % 3;
      counter += 1;
      if (kind === 0) {
        const sku = `SOAK-${counter}`;
        const created = await call(stats, 'POST', '/records', {
          schemaId: 'schema-apparel',
          values: { 'product-name': [{ scope: {}, value: `Soak ${counter}` }], sku: [{ scope: {}, value: sku }] },
        });
        if (created.status === 201) ids.push(created.body.id);
      } else {
        const id = ids[Math.floor(Math.random() * ids.length)];
        if (kind === 1) {
          await call(stats, 'PATCH', `/records/${id}/values/product-name`, { scopedValues: [{ scope: {}, value: `Soak ${counter}` }] });
        } else {
          await call(stats, 'GET', `/records/${id}`);
        }
      }
    };

    let rate = options.rate;
    if (!rate) {
      const stats = new Stats();
      const until = Date.now() + options.calibrateS * 1000;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (Date.now() < until) await operation(stats);
        }),
      );
      const capacity = stats.ok / options.calibrateS;
      rate = Math.max(1, Math.round(capacity * options.fraction));
      log(`capacity ≈ ${capacity.toFixed(1)} ops/s (8 closed-loop clients, ${options.calibrateS} s); soaking at ${rate} ops/s`);
    } else {
      log(`soaking at ${rate} ops/s`);
    }

    const baseline = new Map(system.services.map((service) => [service.name, rssMb(service.child.pid)]));
    const peak = new Map(baseline);
    const total = new Stats();
    let window = new Stats();
    const started = Date.now();
    const end = started + options.durationS * 1000;
    let nextReport = started + options.reportEveryS * 1000;
    const inFlight = new Set<Promise<void>>();
    const interval = 1000 / rate;
    let next = Date.now();
    const report = (label: string, stats: Stats) => {
      const rss = system.services
        .map((service) => {
          const now = rssMb(service.child.pid);
          const base = baseline.get(service.name);
          if (now !== undefined) peak.set(service.name, Math.max(peak.get(service.name) ?? 0, now));
          return `${service.name} ${now?.toFixed(0) ?? 'gone'} MB (${now !== undefined && base !== undefined ? `${now - base >= 0 ? '+' : ''}${(now - base).toFixed(0)}` : '?'})`;
        })
        .join(', ');
      const errors = [...stats.byStatus.entries()].map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
      log(`${label}: ${stats.requests} requests, ${stats.ok} ok, errors ${errors}, p50 ${stats.p(0.5)} ms, p99 ${stats.p(0.99)} ms; RSS ${rss}`);
    };
    while (Date.now() < end) {
      const dead = system.services.find((service) => service.child.exitCode !== null || service.child.signalCode !== null);
      if (dead) {
        log(`${dead.name} exited:\n${dead.output()}`);
        exitCode = 1;
        break;
      }
      const now = Date.now();
      if (now >= next) {
        next += interval;
        if (inFlight.size < 200) {
          const both = new Stats();
          const work = operation(both).then(() => {
            const [status] = [...both.byStatus.keys()];
            const code = status === undefined ? 200 : status === 'network' ? 0 : Number(status);
            total.add(code, both.latencies[0]);
            window.add(code, both.latencies[0]);
            inFlight.delete(work);
          });
          inFlight.add(work);
        } else {
          total.add(0, 0); // overload: the client had to drop the request
          window.add(0, 0);
        }
        continue;
      }
      if (now >= nextReport) {
        report(`t+${Math.round((now - started) / 1000)} s`, window);
        window = new Stats();
        nextReport += options.reportEveryS * 1000;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next, nextReport) - Date.now())));
    }
    await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, 20_000))]);
    report(`total over ${Math.round((Date.now() - started) / 1000)} s at ${rate} ops/s`, total);
    for (const service of system.services) {
      const base = baseline.get(service.name);
      const last = rssMb(service.child.pid);
      log(
        `RSS ${service.name}: start ${base?.toFixed(1) ?? '?'} MB, peak ${peak.get(service.name)?.toFixed(1) ?? '?'} MB, ` +
          `end ${last?.toFixed(1) ?? 'gone'} MB, growth ${base !== undefined && last !== undefined ? (last - base).toFixed(1) : '?'} MB`,
      );
    }
    const serverErrors = total.serverErrors();
    log(`errors: ${serverErrors} 5xx/network of ${total.requests} requests`);
    if (serverErrors > 0) exitCode = 1;
  } finally {
    await system.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  process.stderr.write(`[soak] failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
