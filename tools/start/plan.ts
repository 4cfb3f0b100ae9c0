/**
 * Pure decisions of `npm start`: which apps run, which infrastructure is used or started,
 * and what the children get in their environment. No I/O here, so it is unit-tested.
 */

/**
 * Every app the supervisor runs, in start order. Adding a service is one entry here.
 * An app listed here whose apps/<name>/src/main.ts does not exist (yet) is skipped with a note.
 */
export const APPS = ['records', 'workflow', 'audit', 'change-sets', 'webhooks', 'gateway', 'mcp'] as const;

/**
 * Under `npm start` all apps share one host, so METRICS_PORT is a base: each NATS service serves
 * /metrics, /health and /ready on base + its offset (fixed, so dashboards can rely on it). The
 * gateway serves its metrics on its HTTP port (/api/v1/metrics) and gets none.
 */
export const METRICS_PORT_OFFSETS: Readonly<Record<string, number>> = { records: 0, workflow: 1, audit: 2, 'change-sets': 3, webhooks: 4 };

/** The METRICS_PORT one app gets under `npm start`: undefined when unset, or for an app without one. */
export function metricsPortFor(env: NodeJS.ProcessEnv, app: string): number | undefined {
  if (!set(env.METRICS_PORT)) return undefined;
  const base = parsePort('METRICS_PORT', env.METRICS_PORT, 0);
  const offset = METRICS_PORT_OFFSETS[app];
  if (offset === undefined) return undefined;
  const port = base + offset;
  if (port > 65535) throw new Error(`METRICS_PORT ${base} leaves no room for ${app} (+${offset})`);
  return port;
}

/** The environment of one app: the shared one, with its own METRICS_PORT (or none). */
export function appEnvironment(childEnv: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv, app: string): NodeJS.ProcessEnv {
  const { METRICS_PORT: _shared, ...rest } = childEnv;
  const port = metricsPortFor(env, app);
  return port === undefined ? rest : { ...rest, METRICS_PORT: String(port) };
}

/** The app that serves HTTP; the supervisor waits for its health endpoint. */
export const HTTP_APP = 'gateway';

export const DATABASE_NAME = 'sigma_pim';
export const DEFAULT_HTTP_PORT = 3000;
/** The MCP server (apps/mcp) over Streamable HTTP; it calls the gateway like any client. */
export const DEFAULT_MCP_PORT = 3001;
export const DEFAULT_LOCAL_PG_PORT = 5432;
export const DEFAULT_LOCAL_NATS_PORT = 4222;
export const LOCALHOST = '127.0.0.1';

export type PostgresPlan =
  | { kind: 'configured'; url: string }
  | { kind: 'running'; url: string }
  | { kind: 'embedded'; port: number };

export type NatsPlan =
  | { kind: 'configured'; url: string }
  | { kind: 'running'; url: string }
  | { kind: 'start'; port: number };

export interface LocalPorts {
  /** Probed for a running PostgreSQL; the embedded one listens here (EMBEDDED_PG_PORT, default 5432). */
  postgres: number;
  /** Probed for a running NATS; a started nats-server listens here (EMBEDDED_NATS_PORT, default 4222). */
  nats: number;
}

export interface Probes {
  postgresAnswers: boolean;
  natsAnswers: boolean;
}

export interface InfrastructurePlan {
  postgres: PostgresPlan;
  nats: NatsPlan;
}

const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production';
}

/** Production never falls back to local defaults: these must be given explicitly. */
export function productionProblems(env: NodeJS.ProcessEnv): string[] {
  if (!isProduction(env)) return [];
  return ['DATABASE_URL', 'NATS_URL', 'JWT_SECRET']
    .filter((name) => !set(env[name]))
    .map((name) => `${name} is required when NODE_ENV=production`);
}

export function parsePort(name: string, value: string | undefined, fallback: number): number {
  if (!set(value)) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port (1-65535), got '${value}'`);
  }
  return port;
}

export function localPorts(env: NodeJS.ProcessEnv): LocalPorts {
  return {
    postgres: parsePort('EMBEDDED_PG_PORT', env.EMBEDDED_PG_PORT, DEFAULT_LOCAL_PG_PORT),
    nats: parsePort('EMBEDDED_NATS_PORT', env.EMBEDDED_NATS_PORT, DEFAULT_LOCAL_NATS_PORT),
  };
}

export function httpPort(env: NodeJS.ProcessEnv): number {
  return parsePort('PORT', env.PORT, DEFAULT_HTTP_PORT);
}

export function mcpPort(env: NodeJS.ProcessEnv): number {
  return parsePort('MCP_PORT', env.MCP_PORT, DEFAULT_MCP_PORT);
}

/** True when start-up has to probe the local ports (something is not configured explicitly). */
export function needsProbes(env: NodeJS.ProcessEnv): boolean {
  return !isProduction(env) && (!set(env.DATABASE_URL) || !set(env.NATS_URL));
}

export function localDatabaseUrl(port: number): string {
  return `postgres://postgres@${LOCALHOST}:${port}/${DATABASE_NAME}`;
}

export function localNatsUrl(port: number): string {
  return `nats://${LOCALHOST}:${port}`;
}

/**
 * Explicit URLs always win. Otherwise use whatever answers on the local port, else start
 * one (embedded PostgreSQL / nats-server). Production never reaches the fallbacks.
 */
export function planInfrastructure(env: NodeJS.ProcessEnv, ports: LocalPorts, probes: Probes): InfrastructurePlan {
  const production = isProduction(env);
  let postgres: PostgresPlan;
  if (set(env.DATABASE_URL)) postgres = { kind: 'configured', url: env.DATABASE_URL };
  else if (production) throw new Error('DATABASE_URL is required when NODE_ENV=production');
  else if (probes.postgresAnswers) postgres = { kind: 'running', url: localDatabaseUrl(ports.postgres) };
  else postgres = { kind: 'embedded', port: ports.postgres };

  let nats: NatsPlan;
  if (set(env.NATS_URL)) nats = { kind: 'configured', url: env.NATS_URL };
  else if (production) throw new Error('NATS_URL is required when NODE_ENV=production');
  else if (probes.natsAnswers) nats = { kind: 'running', url: localNatsUrl(ports.nats) };
  else nats = { kind: 'start', port: ports.nats };
  return { postgres, nats };
}

/** START_APPS=records,gateway runs a subset (development aid); default: every app. */
export function selectApps(env: NodeJS.ProcessEnv, all: readonly string[] = APPS): string[] {
  if (!set(env.START_APPS)) return [...all];
  const wanted = env.START_APPS.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length > 0) throw new Error(`START_APPS names unknown app(s): ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return all.filter((name) => wanted.includes(name));
}

/**
 * Splits the selected apps into those that exist and those that do not. Missing apps are an
 * error only when START_APPS named them explicitly, or when the HTTP app itself is missing.
 */
export function resolveApps(
  env: NodeJS.ProcessEnv,
  selected: readonly string[],
  exists: (app: string) => boolean,
): { run: string[]; skipped: string[]; error?: string } {
  const run = selected.filter(exists);
  const skipped = selected.filter((app) => !exists(app));
  const explicit = set(env.START_APPS);
  if (skipped.length > 0 && (explicit || skipped.includes(HTTP_APP))) {
    return { run, skipped, error: `no apps/<name>/src/main.ts for: ${skipped.join(', ')}` };
  }
  return { run, skipped };
}

/** The children inherit everything, plus the URLs (and subject prefix) the supervisor settled on. */
export function childEnvironment(env: NodeJS.ProcessEnv, databaseUrl: string, natsUrl: string, subjectPrefix?: string): NodeJS.ProcessEnv {
  return { ...env, DATABASE_URL: databaseUrl, NATS_URL: natsUrl, ...(subjectPrefix !== undefined && { NATS_SUBJECT_PREFIX: subjectPrefix }) };
}

export interface SubjectPrefixPlan {
  prefix?: string;
  /** True when derived here rather than given: the supervisor says so on start. */
  derived: boolean;
}

/**
 * A NATS the supervisor did not start may serve other systems too (another checkout, a test
 * run): without a prefix their services would join the same queue groups, stream and durable
 * consumer, and answer each other's requests from the wrong database. So when NATS_SUBJECT_PREFIX
 * is unset, the prefix comes from the database name: one database, one bus namespace. Production
 * keeps what it is given (its NATS permissions name unprefixed subjects).
 */
export function planSubjectPrefix(env: NodeJS.ProcessEnv, nats: NatsPlan, databaseUrl: string): SubjectPrefixPlan {
  if (set(env.NATS_SUBJECT_PREFIX)) return { prefix: env.NATS_SUBJECT_PREFIX, derived: false };
  if (nats.kind === 'start' || isProduction(env)) return { derived: false };
  return { prefix: prefixFromDatabase(databaseUrl), derived: true };
}

/** `sigma_pim` for …/sigma_pim: the database name, reduced to characters valid in subjects and stream names. */
export function prefixFromDatabase(databaseUrl: string): string {
  let name = '';
  try {
    name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  } catch {
    // not a URL: fall back to the default name
  }
  const safe = (name || DATABASE_NAME).toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 60);
  return /^[a-z0-9]/.test(safe) ? safe : `db${safe}`;
}

export function healthUrl(port: number): string {
  return `http://${LOCALHOST}:${port}/api/v1/health`;
}

/** What the supervisor prints once the system answers. */
export function readyBanner(env: NodeJS.ProcessEnv, port: number): string[] {
  const base = `http://localhost:${port}/api/v1`;
  const lines = [`API:  ${base}`, `Docs: ${base}/docs`];
  if (selectApps(env).includes('mcp')) lines.push(`MCP:  http://localhost:${mcpPort(env)}/mcp (Streamable HTTP)`);
  const demo = !isProduction(env) && env.DEMO_DATA !== 'false' && env.DEMO_DATA !== '0';
  if (demo) {
    lines.push(
      `Demo login: curl -s -X POST ${base}/auth/token -H 'content-type: application/json' ` +
        `-d '{"username":"admin","password":"admin-demo"}'`,
    );
  }
  return lines;
}
