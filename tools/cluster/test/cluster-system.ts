import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { ApiClient, createTestDatabase, freePort, type ServiceProcess, spawnService, type TestDatabase, waitForHealthy } from '@sigma/testing';
import { type Balancer, startBalancer } from '../balancer';
import { type ClusterNode, startNatsCluster } from '../nats-cluster';
import { type AppReplica, type ClusterPlan, DEFAULT_PORTS, planCluster, replicaEnvironment } from '../topology';
import { portIsFree } from '../../start/net';
import { SystemDatabase } from '../../../apps/gateway/test/support/system-database';

/**
 * The system as `npm run start:cluster` runs it (3 NATS JetStream nodes with R3 streams, 2
 * replicas of each backend service, 2 gateways behind the balancer), on a fresh database of the
 * shared PostgreSQL, for the cluster fault suite: nodes and replicas can be killed and started again.
 */
export interface ClusterSystem {
  /** Through the balancer: `http://127.0.0.1:<port>/api/v1`. */
  baseUrl: string;
  api: ApiClient;
  plan: ClusterPlan;
  nodes: ClusterNode[];
  balancer: Balancer;
  subjectPrefix: string;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The running process of a replica (`records-1`). */
  replica(name: string): ServiceProcess;
  /** kill -9 of a replica; it stays down until `restart`. */
  kill(name: string): Promise<void>;
  /** Starts a killed replica again with its environment; resolves once it answers through the balancer. */
  restart(name: string): Promise<void>;
  /** The node leading the stream of record events (whose loss forces an election). */
  streamLeader(): Promise<ClusterNode>;
  /** Until every replica of the record-events stream is current again (after a node came back); returns the ms it took. */
  streamCaughtUp(timeoutMs: number): Promise<number>;
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 120_000;

/** A run of `count` free ports starting somewhere in 20000–59999 (the plan numbers NATS and gateway ports consecutively). */
async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if ((await Promise.all(ports.map((port) => portIsFree('127.0.0.1', port)))).every(Boolean)) return base;
  }
  throw new Error(`no run of ${count} free ports found`);
}

export async function startClusterSystem(label = 'cluster'): Promise<ClusterSystem> {
  const shape = { natsNodes: 3, replicas: 2, gateways: 2 };
  const httpPort = await freePort();
  const plan = planCluster(shape, {
    ...DEFAULT_PORTS,
    natsClient: await freePortRun(shape.natsNodes),
    natsCluster: await freePortRun(shape.natsNodes),
    gateway: await freePortRun(shape.gateways),
    http: httpPort,
  });
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-cluster-'));
  const nodeOutput = new Map<string, string>();
  const nodes = await startNatsCluster(plan, dataRoot, (node, args) => {
    const child = spawn('/usr/sbin/nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => nodeOutput.set(node.name, ((nodeOutput.get(node.name) ?? '') + chunk.toString()).slice(-10_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return { exited: new Promise((resolve) => child.once('exit', resolve)), kill: (signal) => child.kill(signal) };
  });
  const database: TestDatabase = await createTestDatabase(label);
  const subjectPrefix = label;
  const shared: NodeJS.ProcessEnv = {
    DATABASE_URL: database.url,
    NATS_SUBJECT_PREFIX: subjectPrefix,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The load is the point here: the per-token rate limit would shed it.
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const environment = (replica: AppReplica) => replicaEnvironment(plan, replica, shared);
  const running = new Map<string, ServiceProcess>();
  const spawnReplica = (replica: AppReplica) => {
    const process = spawnService(replica.app, environment(replica));
    running.set(replica.name, process);
    return process;
  };
  plan.replicas.forEach(spawnReplica);
  const balancer = await startBalancer({ port: httpPort, upstreams: plan.gatewayUrls, healthEveryMs: 200 });
  const baseUrl = `${balancer.url}/api/v1`;
  const db = new SystemDatabase(database.url);

  const stop = async () => {
    await db.close();
    await balancer.close();
    await Promise.all([...running.values()].map((service) => service.stop()));
    await Promise.all(nodes.map((node) => node.stop()));
    await database.drop().catch(() => undefined);
    fs.rmSync(dataRoot, { recursive: true, force: true });
  };
  // Every gateway must answer, not only the first the balancer finds.
  const allHealthy = () => Promise.all(plan.gatewayUrls.map((url) => waitForHealthy(`${url}/api/v1`, [...running.values()], HEALTH_TIMEOUT_MS)));
  try {
    await allHealthy();
  } catch (error) {
    await stop();
    throw error;
  }

  const replicaOf = (name: string) => {
    const found = plan.replicas.find((replica) => replica.name === name);
    if (!found) throw new Error(`No replica ${name} in the plan`);
    return found;
  };
  const streamInfo = async () => {
    const nc = await connect({ servers: plan.natsUrl.split(','), timeout: 5000 });
    try {
      const jsm = await nc.jetstreamManager({ timeout: 5000 });
      return await jsm.streams.info(`${subjectPrefix}_RECORD_EVENTS`);
    } finally {
      await nc.close();
    }
  };
  return {
    baseUrl,
    api: new ApiClient(baseUrl),
    plan,
    nodes,
    balancer,
    subjectPrefix,
    query: (sql, params) => db.query(sql, params),
    replica(name) {
      const found = running.get(name);
      if (!found) throw new Error(`No replica ${name} running`);
      return found;
    },
    async kill(name) {
      await running.get(replicaOf(name).name)?.kill('SIGKILL');
    },
    async restart(name) {
      spawnReplica(replicaOf(name));
      await allHealthy();
    },
    async streamLeader() {
      const info = await streamInfo();
      const leader = nodes.find((node) => node.node.name === info.cluster?.leader);
      if (!leader) throw new Error(`No leader among the nodes for the record-events stream: ${JSON.stringify(info.cluster)}`);
      return leader;
    },
    async streamCaughtUp(timeoutMs) {
      const started = Date.now();
      let last = '';
      while (Date.now() - started < timeoutMs) {
        const info = await streamInfo().catch((error: Error) => ({ cluster: { error: error.message } }) as never);
        const cluster = (info as { cluster?: { leader?: string; replicas?: { name: string; current: boolean }[] } }).cluster;
        last = JSON.stringify(cluster);
        if (cluster?.leader && cluster.replicas?.length === nodes.length - 1 && cluster.replicas.every((replica) => replica.current)) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`The record-events stream did not catch up within ${timeoutMs} ms: ${last}\n${[...nodeOutput].map(([name, out]) => `--- ${name}\n${out.slice(-2000)}`).join('\n')}`);
    },
    settle: (timeoutMs) => db.settle(plan.natsUrl, subjectPrefix, timeoutMs),
    stop,
  };
}
