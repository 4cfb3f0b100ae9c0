import fs from 'node:fs';
import path from 'node:path';
import { connect } from 'nats';
import { tcpProbe, waitUntil } from '../start/net';
import { type ClusterPlan, LOCALHOST, type NatsNode, natsNodeArgs } from './topology';

/** A started process, whoever started it (the supervisor's ManagedProcess, a test's own child). */
export interface NodeProcess {
  exited: Promise<unknown>;
  kill(signal: NodeJS.Signals): void;
}

export type LaunchNode = (node: NatsNode, args: string[]) => NodeProcess;

/** One node of the cluster, which a fault test may kill and start again on the same port and data. */
export class ClusterNode {
  private process?: NodeProcess;

  constructor(
    readonly node: NatsNode,
    private readonly args: string[],
    private readonly launch: LaunchNode,
  ) {}

  get running(): boolean {
    return this.process !== undefined;
  }

  async start(): Promise<void> {
    const started = this.launch(this.node, this.args);
    this.process = started;
    const exited = started.exited.then(() => `${this.node.name} exited while starting`);
    await waitUntil(() => tcpProbe(LOCALHOST, this.node.clientPort, 500), { timeoutMs: 20_000, intervalMs: 100, what: this.node.name, abort: exited });
  }

  /** SIGKILL (a crash: no leadership hand-over) or SIGTERM; resolves once the process is gone and its port is free. */
  async stop(options: { crash?: boolean } = {}): Promise<void> {
    const current = this.process;
    if (!current) return;
    this.process = undefined;
    current.kill(options.crash ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 10_000);
    await current.exited;
    clearTimeout(timer);
    await waitUntil(async () => !(await tcpProbe(LOCALHOST, this.node.clientPort, 500)), { timeoutMs: 15_000, intervalMs: 100, what: `${this.node.name} port release` });
  }
}

/** Starts every node of the plan (data under `dataRoot/<node>`) and waits until JetStream has a meta leader. */
export async function startNatsCluster(plan: ClusterPlan, dataRoot: string, launch: LaunchNode): Promise<ClusterNode[]> {
  const nodes = plan.nodes.map((node) => {
    const storeDir = path.join(dataRoot, node.name);
    fs.mkdirSync(storeDir, { recursive: true });
    return new ClusterNode(node, natsNodeArgs(node, plan.nodes, storeDir), launch);
  });
  await Promise.all(nodes.map((node) => node.start()));
  await waitForJetStream(plan.natsUrl, 30_000);
  return nodes;
}

/** Until the cluster answers JetStream API requests (it has elected a meta leader), or the timeout. */
export async function waitForJetStream(servers: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const nc = await connect({ servers: servers.split(','), timeout: 2000 }).catch((error: Error) => {
      lastError = error.message;
      return undefined;
    });
    if (nc) {
      try {
        const jsm = await nc.jetstreamManager({ timeout: 2000 });
        await jsm.getAccountInfo();
        return;
      } catch (error) {
        lastError = (error as Error).message;
      } finally {
        await nc.close().catch(() => undefined);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`JetStream on ${servers} not ready within ${timeoutMs} ms: ${lastError}`);
}
