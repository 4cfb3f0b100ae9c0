/**
 * `npm start`: brings up the whole system on one machine.
 * Uses DATABASE_URL / NATS_URL when given; otherwise whatever answers on the local ports;
 * otherwise starts embedded PostgreSQL (npm package) and nats-server (from PATH).
 * Then creates the database, runs every app as a child and waits for the gateway's health.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from '@sigma/db';
import { appEntryPoint, repoRoot, SERVICE_PROCESS_ENV, serviceNodeArgs } from '@sigma/config';
import { freePort, httpOk, portIsFree, tcpProbe, waitUntil, WaitAborted, type HttpAnswer } from './net';
import { findOnPath, NATS_MISSING_MESSAGE, startNatsServer } from './nats';
import {
  HTTP_APP,
  LOCALHOST,
  appEnvironment,
  childEnvironment,
  healthUrl,
  httpPort,
  isProduction,
  localPorts,
  metricsPortFor,
  needsProbes,
  planInfrastructure,
  planSubjectPrefix,
  productionProblems,
  readyBanner,
  resolveApps,
  selectApps,
} from './plan';
import { startEmbeddedPostgres } from './postgres';
import { jsonLine, prefixFor, useColour } from './prefix';
import { type ManagedProcess, useJsonOutput } from './process';
import { Supervisor } from './supervisor';

const REPO = repoRoot(__dirname);
const DATA_ROOT = path.join(REPO, '.data');
const HEALTH_TIMEOUT_MS = 60_000;

// LOG_FORMAT=json: every line on stdout/stderr is a JSON object, the supervisor's own included.
const jsonOutput = process.env.LOG_FORMAT === 'json';
useJsonOutput(jsonOutput);
const format = jsonOutput ? jsonLine('start') : (line: string) => `[start] ${line}`;
const log = (line: string) => process.stdout.write(`${format(line)}\n`);
const supervisor = new Supervisor(log);
const fail = (message: string): never => {
  process.stderr.write(`${format(message)}\n`);
  process.exit(1);
};

async function main(): Promise<void> {
  supervisor.installSignalHandlers();
  const env = process.env;
  const problems = productionProblems(env);
  if (problems.length > 0) fail(`Refusing to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const { run: apps, skipped, error } = resolveApps(env, selectApps(env), (app) =>
    fs.existsSync(path.join(REPO, appEntryPoint(app))),
  );
  if (error) fail(error);
  if (skipped.length > 0) log(`not in this checkout, skipped: ${skipped.join(', ')}`);
  const port = httpPort(env);
  const ports = localPorts(env);
  const probes = needsProbes(env)
    ? { postgresAnswers: await tcpProbe(LOCALHOST, ports.postgres), natsAnswers: await tcpProbe(LOCALHOST, ports.nats) }
    : { postgresAnswers: false, natsAnswers: false };
  const plan = planInfrastructure(env, ports, probes);

  // Fail before starting anything when NATS cannot be had.
  const natsBinary = plan.nats.kind === 'start' ? findOnPath('nats-server', env.PATH) : undefined;
  if (plan.nats.kind === 'start' && !natsBinary) fail(NATS_MISSING_MESSAGE);

  const colour = useColour(process.stdout, env);
  const prefixes = [...apps, 'postgres', 'nats'];
  const prefix = (name: string) => prefixFor(name, prefixes.indexOf(name), colour);

  let databaseUrl: string;
  if (plan.postgres.kind === 'embedded') {
    let pgPort = plan.postgres.port;
    if (!(await portIsFree(LOCALHOST, pgPort))) pgPort = await freePort(LOCALHOST);
    log(`no PostgreSQL on ${LOCALHOST}:${plan.postgres.port} and DATABASE_URL unset: using embedded PostgreSQL`);
    const onSpawn = (server: ManagedProcess) => supervisor.addInfrastructure(server);
    const pg = await startEmbeddedPostgres({ dataRoot: DATA_ROOT, port: pgPort, prefix: prefix('postgres'), log, onSpawn });
    databaseUrl = pg.url;
  } else {
    databaseUrl = plan.postgres.url;
    log(`PostgreSQL: ${plan.postgres.kind === 'configured' ? 'DATABASE_URL' : `already running on ${LOCALHOST}:${ports.postgres}`}`);
  }
  if (supervisor.stopping) return;

  let natsUrl: string;
  if (plan.nats.kind === 'start') {
    const binary = natsBinary ?? fail(NATS_MISSING_MESSAGE);
    log(`no NATS on ${LOCALHOST}:${plan.nats.port} and NATS_URL unset: starting ${binary} -js`);
    const onSpawn = (server: ManagedProcess) => supervisor.addInfrastructure(server);
    const nats = await startNatsServer(binary, plan.nats.port, path.join(DATA_ROOT, 'nats'), prefix('nats'), onSpawn);
    natsUrl = nats.url;
  } else {
    natsUrl = plan.nats.url;
    log(`NATS: ${plan.nats.kind === 'configured' ? 'NATS_URL' : `already running on ${LOCALHOST}:${ports.nats}`}`);
  }
  if (supervisor.stopping) return;

  try {
    if (await ensureDatabase(databaseUrl)) log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);
  } catch (error) {
    // Production databases are usually provisioned separately and the role may not be allowed to look.
    if (!isProduction(env)) throw new Error(`cannot reach or create the database: ${(error as Error).message}`);
    log(`could not check the database exists (${(error as Error).message}); continuing`);
  }
  if (supervisor.stopping) return;

  const bus = planSubjectPrefix(env, plan.nats, databaseUrl);
  if (bus.derived) {
    log(`NATS subject prefix: ${bus.prefix} (from the database name, as this NATS may serve other systems; set NATS_SUBJECT_PREFIX to choose one)`);
  }
  const childEnv = { ...SERVICE_PROCESS_ENV, ...childEnvironment(env, databaseUrl, natsUrl, bus.prefix) };
  // Escape codes only help a terminal; in a log file or CI they are noise.
  if (!colour) childEnv.NO_COLOR ??= '1';
  for (const app of apps) {
    supervisor.addApp({
      name: app,
      command: process.execPath,
      args: [...serviceNodeArgs(env), appEntryPoint(app)],
      cwd: REPO,
      env: appEnvironment(childEnv, env, app),
      prefix: prefix(app),
    });
  }
  log(`started ${apps.join(', ')}`);
  const metrics = apps.map((app) => [app, metricsPortFor(env, app)] as const).filter(([, port]) => port !== undefined);
  if (metrics.length > 0) log(`metrics: ${metrics.map(([app, port]) => `${app} :${port}`).join(', ')} (METRICS_PORT + a fixed offset)`);

  if (!apps.includes(HTTP_APP)) {
    log(`${HTTP_APP} not started (START_APPS); not waiting for HTTP health`);
    supervisor.markReady();
    return;
  }
  const url = healthUrl(port);
  const last: { answer?: HttpAnswer } = {};
  try {
    await waitUntil(() => httpOk(url, last), { timeoutMs: HEALTH_TIMEOUT_MS, what: `GET ${url}`, abort: supervisor.unexpectedExit });
  } catch (error) {
    if (error instanceof WaitAborted || supervisor.stopping) return;
    log(`${(error as Error).message}${last.answer ? ` (last answer: ${last.answer.status} ${last.answer.body.slice(0, 500)})` : ''}; stopping`);
    await supervisor.shutdown(1);
  }
  supervisor.markReady();
  log('ready');
  for (const line of readyBanner(env, port)) log(line);
}

main().catch((error: unknown) => {
  process.stderr.write(`${format(error instanceof Error ? error.message : String(error))}\n`);
  // Stop whatever was already started, then exit non-zero.
  void supervisor.shutdown(1);
});
