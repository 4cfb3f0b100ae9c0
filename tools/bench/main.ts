/**
 * `npm run bench -- [--quick] [--profile large] [--records N] [--ops N] [--only case,case] [--peers]`: starts the
 * system (or uses PIM_URL + DATABASE_URL), generates seeded data, runs every case after a warm-up next to its
 * raw baseline from the same run, prints one line per case and writes bench/results/latest.{json,md}
 * (`--profile large`: the large catalog of large-catalog.ts, its cases only, bench/results/large-latest.{json,md}).
 * Exits non-zero only when a case errors, never because a figure misses its target.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { repoRoot } from '@sigma/config';
import { applyChangeSetCase } from './apply.bench';
import { bulkDecideCase, bulkDecideRow } from './bulk-decide.bench';
import { feedCase, feedRow } from './feed.bench';
import { importCase, importRow } from './import.bench';
import { rawSearch, searchByValue } from './search.bench';
import { REVIEW_SCALE_FULL, REVIEW_SCALE_QUICK, reviewScaleCase } from './review-scale.bench';
import { appliesScaleRow, decisionsScaleRow, exactlyOnceRow } from './review-scale';
import { type EchoResult, natsEcho, openRawSql, type RawServer, type RawSql, runtimeFloor, startRawServer } from './baselines';
import { RESCORE_TARGET_PER_SECOND, runCompletenessBench, runRescoreBench } from './completeness.bench';
import { completenessReportCase, completenessReportRow } from './completeness-report.bench';
import { describeLargeCatalog, generateLargeCatalog, type LargeCatalog, rescoreNote } from './large-catalog';
import { type BenchData, generateRecords } from './data';
import { auditLagOfLoad, auditUnderLoadRow } from './audit-under-load';
import { createRecords, explainList, listFiltered, readById, readByIdRequests } from './http-cases';
import { loadProblem, type LoadResult, runLoad } from './load';
import { type CaseKey, CASES, parseOptions, peerProducts } from './options';
import { type CaseResult, caseLine, runInfo, writeResults } from './report';
import * as rows from './rows';
import { sleep } from './stats';
import { type BenchSystem, openSystem, RssSampler } from './system';
import { CpuMeter } from './cpu-meter';
import { runPeers } from './peers/run';
import type { Peer } from './peers/peer';

const ROOT = repoRoot(__dirname);
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const { sizes } = options;
  const has = (...keys: CaseKey[]) => keys.some((key) => options.only.has(key));
  const large = options.profile === 'large';
  const info = runInfo(large ? 'large' : options.quick ? 'quick' : 'full', options.records, options.operations, process.env.PIM_URL ? 'external' : 'spawned');
  const results: CaseResult[] = [];
  const record = (result: CaseResult) => {
    results.push(result);
    process.stdout.write(`${caseLine(result)}\n`);
  };
  /** Runs one case (or baseline); an exception becomes an error row, and the run goes on. */
  const step = async (key: string, id: string, title: string, body: () => Promise<rows.Row>) => {
    const started = performance.now();
    try {
      const row = await body();
      record({ key, id, title, status: 'ok', ...row, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const message = (error as Error).message?.split('\n')[0] ?? String(error);
      log(`${id} failed: ${(error as Error).stack ?? message}`);
      record({ key, id, title, status: 'error', error: message, figure: '', metrics: {}, notes: [], seconds: (performance.now() - started) / 1000 });
    }
  };
  const loadOrThrow = (load: LoadResult) => {
    const problem = loadProblem(load);
    if (problem) throw new Error(problem);
    return load;
  };
  const shape = (connections: number, cpu?: CpuMeter) => ({
    connections,
    durationSeconds: sizes.durationSeconds,
    warmUpSeconds: sizes.warmUpSeconds,
    maxRequests: sizes.maxRequests,
    onMeasure: cpu?.edge,
  });
  /** A load row with where its CPU went appended to its notes. */
  const withCpu = (row: rows.Row, cpu: CpuMeter, load: LoadResult): rows.Row => ({ ...row, notes: [...row.notes, cpu.note(load.total)], metrics: { ...row.metrics, cpuPerRequestMicroseconds: cpu.perRequest(load.total) } });

  let system: BenchSystem | undefined;
  let rawServer: RawServer | undefined;
  let rawSql: RawSql | undefined;
  const peers: Peer[] = [];
  const cleanup = async () => {
    for (const peer of peers) await peer.stop().catch(() => undefined);
    await rawServer?.stop().catch(() => undefined);
    await rawSql?.drop().catch(() => undefined);
    await system?.stop().catch((error: Error) => log(`stopping the system failed: ${error.message}`));
  };
  const watchdog = setTimeout(() => {
    log(`watchdog: the run exceeded ${sizes.runLimitMs / 1000} s; stopping`);
    void Promise.race([cleanup(), sleep(20000)]).then(() => process.exit(2));
  }, sizes.runLimitMs);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.race([cleanup(), sleep(20000)]).then(() => process.exit(130)));
  }

  try {
    const started = performance.now();
    system = await openSystem(log);
    const sys = system;
    log(`system ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${sys.baseUrl}`);
    const memory = new RssSampler(sys);
    await sleep(2000);
    const idle = memory.snapshot();

    let data: BenchData | undefined;
    let catalog: LargeCatalog | undefined;
    if (large) {
      log(`generating the large catalog: ${options.records.toLocaleString('en-US')} records (seed ${options.seed}) with COPY, then their completeness`);
      catalog = await generateLargeCatalog(sys, options.records, { seed: options.seed, targets: options.operations + sizes.applyWarmUp, samples: 2000 }, log);
      data = catalog.data;
      info.shape = describeLargeCatalog(catalog);
      log(info.shape);
    } else if (has('1', '4', '6', '8')) {
      log(`generating ${options.records.toLocaleString('en-US')} records (seed ${options.seed}) with COPY`);
      data = await generateRecords(sys, options.records, { seed: options.seed, keepApparel: options.operations + sizes.applyWarmUp, samples: 2000 });
      log(`copied in ${data.copySeconds.toFixed(1)} s, VACUUM ANALYZE ${data.vacuumSeconds.toFixed(1)} s, table ${data.tableMb.toFixed(0)} MB`);
    }
    if (has('1', '3')) rawServer = await startRawServer(sys.databaseUrl, sys.natsUrl);
    if (has('2', '6')) rawSql = await openRawSql(sys.databaseUrl);

    // ---- raw baselines ----
    let rawRead: LoadResult | undefined;
    let echo: EchoResult | undefined;
    let loop: { perSecond: number; seconds: number } | undefined;
    let concurrent: { perSecond: number; seconds: number } | undefined;
    if (has('1') && data && rawServer) {
      const server = rawServer;
      const ids = data.sampleIds;
      await step('a', 'raw-http-pg', 'raw baseline (a): node:http + pg SELECT by id', async () => {
        const cpu = new CpuMeter(() => new Map(server.pid ? [['raw server', server.pid]] : []), sys.databaseUrl);
        rawRead = loadOrThrow(await runLoad({ origin: server.origin, ...shape(32, cpu), requests: readByIdRequests('', ids) }));
        return withCpu(rows.rawHttpRow(rawRead, 32), cpu, rawRead);
      });
    }
    if (has('2', '6') && rawSql) {
      const sql = rawSql;
      await step('b', 'raw-inserts', 'raw baseline (b): the INSERTs of a create, 32 connections (equal work), loop and batched', async () => {
        loop = await sql.insertLoop(sizes.rawInserts);
        const batched = await sql.insertBatched(sizes.rawInserts);
        concurrent = await sql.insertConcurrent(sizes.rawInserts * 4, 32);
        return rows.insertRow(loop, batched, concurrent, sizes.rawInserts);
      });
    }
    if (has('1', '3') && rawServer) {
      const server = rawServer;
      await step('c', 'raw-nats-echo', 'raw baseline (c): NATS request/reply echo', async () => {
        echo = await natsEcho(sys.natsUrl, server.echoSubject, sizes.echoSamples, sizes.echoSeconds);
        return rows.echoRow(echo);
      });
    }

    // ---- cases ----
    if (has('1') && data) {
      const ids = data.sampleIds;
      memory.start();
      // Read through first: it also fills the gateway's record cache, so the cached run that follows is all hits.
      for (const readThrough of [true, false]) {
        const [id, title] = readThrough
          ? ['get-record-uncached', 'GET /records/:id through the gateway, Cache-Control: no-cache (every read asks records)']
          : ['get-record', 'GET /records/:id through the gateway (its record cache warm)'];
        await step('1', id, title, async () => {
          const cpu = new CpuMeter(sys.pids, sys.databaseUrl);
          const load = loadOrThrow(await readById(sys, ids, shape(32, cpu), readThrough));
          return withCpu(rows.readRow(load, 32, rawRead, echo, { ids: ids.length, readThrough }), cpu, load);
        });
      }
      memory.stop();
    }
    if (has('2')) {
      memory.start();
      const tag = randomBytes(3).toString('hex').toUpperCase();
      await step('2', 'create-record', 'POST /records, values in 3 scopes', async () => {
        const cpu = new CpuMeter(sys.pids, sys.databaseUrl);
        const load = loadOrThrow(await createRecords(sys, tag, shape(32, cpu)));
        return withCpu(rows.createRow(load, 32, concurrent, loop), cpu, load);
      });
      memory.stop();
    }
    if (has('3')) {
      const tag = randomBytes(3).toString('hex').toUpperCase();
      await step('3', 'audit-lag', 'audit lag under the create load: write → audit entry', async () => {
        const load = loadOrThrow(await createRecords(sys, tag, shape(32)));
        return auditUnderLoadRow(await auditLagOfLoad(sys.databaseUrl, `C${tag}-`, 120_000), load);
      });
    }
    if (has('4') && data) {
      const bench = data;
      memory.start();
      await step('4', 'list-records', `GET /records?schemaId&lifecycleStateId&limit=50 over ${options.records.toLocaleString('en-US')} records`, async () => {
        const cpu = new CpuMeter(sys.pids, sys.databaseUrl);
        const load = loadOrThrow(await listFiltered(sys, bench.filters, shape(8, cpu)));
        const explains = [];
        for (const filter of bench.filters) explains.push({ ...(await explainList(sys.databaseUrl, filter)), rows: filter.rows });
        return withCpu(rows.listRow(load, 8, bench, explains), cpu, load);
      });
      memory.stop();
    }
    if (has('5')) {
      await step('5', 'completeness', 'completeness of one record', async () => rows.completenessRow(runCompletenessBench(sizes.completenessIterations)));
      await step('5', 'completeness-rescore', `re-score every record of a schema (${sizes.rescoreRecords.toLocaleString('en-US')} records)`, async () =>
        rows.rescoreRow(await runRescoreBench(sys, sizes.rescoreRecords, options.seed, log), RESCORE_TARGET_PER_SECOND),
      );
    }
    // Before the apply: the report of the settled catalog, not of summaries the apply's writes have just churned.
    if (has('13') && catalog) {
      const { recordsBySchema } = catalog;
      const setup = rescoreNote(catalog);
      await step('13', 'completeness-report', `GET /schemas/:id/completeness over ${options.records.toLocaleString('en-US')} records (stored summaries)`, async () =>
        completenessReportRow(await completenessReportCase(sys, recordsBySchema, sizes.reportRequests), setup),
      );
    }
    if (has('6') && data) {
      const targets = data.apparel;
      const sql = rawSql;
      memory.start();
      await step('6', 'apply-change-set', `apply a change set of ${options.operations.toLocaleString('en-US')} updates`, async () => {
        if (targets.length < sizes.applyWarmUp + options.operations) throw new Error(`only ${targets.length} records to update (${sizes.applyWarmUp + options.operations} needed): raise --records`);
        const figures = await applyChangeSetCase(sys, targets, sizes.applyWarmUp, sizes.applyLimitMs);
        const raw = sql ? await sql.updateBatched(targets.slice(sizes.applyWarmUp)) : undefined;
        const setBased = sql ? await sql.updateSetBased(targets.slice(sizes.applyWarmUp)) : undefined;
        return rows.applyRow(figures, raw, setBased);
      });
      memory.stop();
    }
    if (has('8') && data) {
      const bench = data;
      memory.start();
      await step('8', 'search', `GET /records?filters=[attribute eq value] over ${options.records.toLocaleString('en-US')} records`, async () => {
        const cpu = new CpuMeter(sys.pids, sys.databaseUrl);
        const load = loadOrThrow(await searchByValue(sys, bench.sampleNames, shape(8, cpu)));
        const raw = await rawSearch(sys.databaseUrl, bench.sampleNames, 8, sizes.durationSeconds);
        return withCpu(rows.searchRow(load, 8, bench, raw), cpu, load);
      });
      memory.stop();
    }
    if (has('9')) {
      const operations = 10_000;
      await step('9', 'bulk-decision', `POST /change-sets/:id/operations/decide: ${operations.toLocaleString('en-US')} operations by filter`, async () =>
        bulkDecideRow(await bulkDecideCase(sys, operations)),
      );
    }
    if (has('10')) {
      const events = options.quick ? 2000 : 10_000;
      await step('10', 'change-feed', `GET /events: ${events.toLocaleString('en-US')} events to one reader`, async () => feedRow(await feedCase(sys, events)));
    }
    if (has('11')) {
      const fileRows = options.quick ? 10_000 : 100_000;
      await step('11', 'import', `POST /imports + PUT file: ${fileRows.toLocaleString('en-US')} rows × 10 columns of CSV into a change set`, async () =>
        importRow(await importCase(sys, fileRows)),
      );
    }
    if (has('12')) {
      const sizes = options.quick ? REVIEW_SCALE_QUICK : REVIEW_SCALE_FULL;
      // One run of both systems feeds the three rows; a failure makes each of them an error row.
      const run = reviewScaleCase(sizes, options.seed, log);
      run.catch(() => undefined);
      await step('12', 'review-scale', `review decisions, ${sizes.reviewers} reviewers: 2 change-sets replicas against 1`, async () => {
        const { one, two } = await run;
        return decisionsScaleRow(one, two);
      });
      await step('12', 'review-scale-apply', `${sizes.applySets} approved sets applied at once: 2 change-sets replicas against 1`, async () => {
        const { one, two } = await run;
        return appliesScaleRow(one, two);
      });
      await step('12', 'review-scale-once', 'each concurrently applied operation applied exactly once (1 and 2 replicas)', async () => {
        const { one, two } = await run;
        return exactlyOnceRow(one, two);
      });
    }
    if (has('7')) {
      await sleep(2000);
      const after = memory.snapshot();
      await step('7', 'memory', 'RSS of each service process', async () => rows.memoryRow(idle, memory.peak(), after, await runtimeFloor()));
    }
    if (options.peers.length > 0) {
      await runPeers({
        root: ROOT,
        system: sys,
        data,
        products: peerProducts(options.records),
        seed: options.seed,
        sigmaIdle: idle,
        cases: { read: has('1'), create: has('2'), list: has('4') },
        peers: options.peers,
        shape: (connections) => shape(connections),
        step,
        log,
        started: (peer) => peers.push(peer),
      });
    }
  } catch (error) {
    log(`the run failed: ${(error as Error).stack ?? error}`);
    record({ key: '-', id: 'setup', title: 'setting up the run', status: 'error', error: (error as Error).message?.split('\n')[0], figure: '', metrics: {}, notes: [], seconds: 0 });
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }

  info.finishedAt = new Date().toISOString();
  info.loadAverageEnd = os.loadavg().map((l) => Number(l.toFixed(2)));
  const order = [...'abc', ...CASES.map((c) => c.key), 'P', '-'];
  results.sort((x, y) => order.indexOf(x.key) - order.indexOf(y.key));
  const files = writeResults(ROOT, info, results, large ? 'large-latest' : 'latest');
  const errors = results.filter((r) => r.status === 'error');
  const missed = results.filter((r) => r.meetsTarget === false).map((r) => r.key);
  process.stdout.write(
    `[bench] ${results.length} rows, ${errors.length} errors, below target: ${missed.join(', ') || 'none'}; ` +
      `${path.relative(ROOT, files.md)} and ${path.relative(ROOT, files.json)} (noisy shared machine: read the ratios)\n`,
  );
  return errors.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    log(error.message);
    process.exit(1);
  },
);
