/**
 * `npm run start:cluster`: the system as it runs on Kubernetes, on one machine. A 3-node NATS
 * JetStream cluster (streams and consumers at R3), 2 replicas of every backend service, 2
 * gateways behind a local balancer on PORT (default 3000), and the MCP server, all on one
 * PostgreSQL (DATABASE_URL, else the one on 127.0.0.1:5432, database sigma_pim_cluster).
 * A replica or NATS node that dies is started again (with backoff), as its Deployment or
 * StatefulSet would; the others carry on.
 * CLUSTER_NATS_NODES / CLUSTER_REPLICAS / CLUSTER_GATEWAYS change the shape.
 */
import path from 'node:path';
import { ensureDatabase } from '@sigma/db';
import { appEntryPoint, repoRoot, SERVICE_PROCESS_ENV, serviceNodeArgs } from '@sigma/config';
import { findOnPath, NATS_MISSING_MESSAGE } from '../start/nats';
import { httpOk, tcpProbe, waitUntil } from '../start/net';
import { childEnvironment, DEFAULT_LOCAL_PG_PORT, httpPort, mcpPort, parsePort, readyBanner } from '../start/plan';
import { prefixFor, useColour } from '../start/prefix';
import { ManagedProcess } from '../start/process';
import { Supervisor } from '../start/supervisor';
import { startBalancer } from './balancer';
import { type ClusterNode, startNatsCluster } from './nats-cluster';
import { DEFAULT_PORTS, DEFAULT_SHAPE, LOCALHOST, planCluster, replicaEnvironment } from './topology';

const REPO = repoRoot(__dirname);
const DATA_ROOT = path.join(REPO, '.data', 'cluster');
const DATABASE = 'sigma_pim_cluster';
const NODE_RESTART_MS = 1000;

const log = (line: string) => process.stdout.write(`[cluster] ${line}\n`);
const supervisor = new Supervisor(log);

function count(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^[1-9]\d?$/.test(value.trim())) throw new Error(`${name} must be a whole number from 1 to 99, got '${value}'`);
  return Number(value);
}

async function main(): Promise<void> {
  supervisor.installSignalHandlers();
  const env = process.env;
  const shape = {
    natsNodes: count('CLUSTER_NATS_NODES', DEFAULT_SHAPE.natsNodes),
    replicas: count('CLUSTER_REPLICAS', DEFAULT_SHAPE.replicas),
    gateways: count('CLUSTER_GATEWAYS', DEFAULT_SHAPE.gateways),
  };
  const port = httpPort(env);
  const plan = planCluster(shape, {
    ...DEFAULT_PORTS,
    natsClient: parsePort('CLUSTER_NATS_PORT', env.CLUSTER_NATS_PORT, DEFAULT_PORTS.natsClient),
    gateway: parsePort('CLUSTER_GATEWAY_PORT', env.CLUSTER_GATEWAY_PORT, DEFAULT_PORTS.gateway),
    http: port,
  });
  const binary = findOnPath('nats-server', env.PATH);
  if (!binary) throw new Error(NATS_MISSING_MESSAGE);

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    if (!(await tcpProbe(LOCALHOST, DEFAULT_LOCAL_PG_PORT))) throw new Error(`no PostgreSQL on ${LOCALHOST}:${DEFAULT_LOCAL_PG_PORT}; set DATABASE_URL`);
    databaseUrl = `postgres://postgres@${LOCALHOST}:${DEFAULT_LOCAL_PG_PORT}/${DATABASE}`;
  }
  if (await ensureDatabase(databaseUrl)) log(`created database ${new URL(databaseUrl).pathname.slice(1)}`);

  const colour = useColour(process.stdout, env);
  const names = [...plan.nodes.map((node) => node.name), ...plan.replicas.map((replica) => replica.name), 'mcp'];
  const prefix = (name: string) => prefixFor(name, names.indexOf(name), colour);

  log(`starting ${plan.nodes.length} NATS JetStream nodes (${plan.natsUrl})`);
  let nodes: ClusterNode[] = [];
  nodes = await startNatsCluster(plan, DATA_ROOT, (node, args) => {
    const server = new ManagedProcess({ name: node.name, command: binary, args, prefix: prefix(node.name) });
    // A node that dies is started again on its port and data, as its StatefulSet would; its peers keep the streams meanwhile.
    supervisor.addInfrastructure(server, (reason) => {
      log(`${reason} unexpectedly; starting it again in ${NODE_RESTART_MS / 1000} s`);
      setTimeout(() => {
        const again = nodes.find((candidate) => candidate.node.name === node.name);
        if (!supervisor.stopping && again) again.start().catch((error: Error) => log(`${node.name} did not start again: ${error.message}`));
      }, NODE_RESTART_MS);
    });
    return { exited: server.exited, kill: (signal) => (signal === 'SIGKILL' ? server.killGroup() : void server.stop()) };
  });

  // Its own NATS: no other system shares the subjects, so no prefix.
  const { NATS_SUBJECT_PREFIX: _unused, ...shared } = { ...SERVICE_PROCESS_ENV, ...childEnvironment(env, databaseUrl, plan.natsUrl) };
  const mcpEnv = { ...shared, PORT: String(port), MCP_PORT: String(mcpPort(env)) };
  for (const replica of [...plan.replicas, { app: 'mcp', name: 'mcp' }]) {
    supervisor.addApp({
      name: replica.name,
      command: process.execPath,
      args: [...serviceNodeArgs(env), appEntryPoint(replica.app)],
      cwd: REPO,
      env: replica.app === 'mcp' ? mcpEnv : replicaEnvironment(plan, replica, shared),
      prefix: prefix(replica.name),
    });
  }
  log(`started ${plan.replicas.map((replica) => replica.name).join(', ')}, mcp`);

  const balancer = await startBalancer({ port, upstreams: plan.gatewayUrls });
  log(`balancer on :${port} over ${plan.gatewayUrls.join(', ')}`);
  await waitUntil(() => httpOk(`${balancer.url}/api/v1/health`), { timeoutMs: 90_000, what: 'the gateways', abort: supervisor.unexpectedExit });
  supervisor.markReady();
  log('ready');
  for (const line of readyBanner(env, port)) log(line);
}

main().catch((error: unknown) => {
  process.stderr.write(`[cluster] ${error instanceof Error ? error.message : String(error)}\n`);
  void supervisor.shutdown(1);
});
