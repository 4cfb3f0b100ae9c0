/**
 * Pure decisions of the local cluster (`npm run start:cluster`, the cluster fault suite and the
 * scale-out bench): which NATS nodes run on which ports with which routes, and which app replicas
 * run with which environment. No I/O here, so it is unit-tested.
 *
 * It is the Kubernetes deployment on one machine: the NATS nodes are the pods of a clustered
 * JetStream (a StatefulSet), each replica is a pod of its app's Deployment, and the balancer in
 * front of the gateways is the gateway's Service.
 */

export const LOCALHOST = '127.0.0.1';
export const CLUSTER_NAME = 'sigma';

/** The backend services, each run as `replicas` processes; the gateway is run `gateways` times behind the balancer. */
export const CLUSTER_BACKEND_APPS = ['records', 'workflow', 'audit', 'change-sets', 'webhooks'] as const;

export interface ClusterShape {
  /** NATS JetStream nodes (Raft needs 3 for a stream to survive losing one). */
  natsNodes: number;
  /** Processes of each backend service. */
  replicas: number;
  gateways: number;
}

export const DEFAULT_SHAPE: ClusterShape = { natsNodes: 3, replicas: 2, gateways: 2 };

export interface ClusterPorts {
  /** The balancer: what clients (and the MCP server) call. */
  http: number;
  /** Client port of NATS node i is natsClient + i; its route port natsCluster + i. */
  natsClient: number;
  natsCluster: number;
  /** Gateway replica i listens on gateway + i. */
  gateway: number;
}

export const DEFAULT_PORTS: ClusterPorts = { http: 3000, natsClient: 4301, natsCluster: 6301, gateway: 3100 };

export interface NatsNode {
  name: string;
  clientPort: number;
  clusterPort: number;
  url: string;
}

export interface AppReplica {
  app: string;
  /** `records-1`, `gateway-2`: the process's name in logs and reports. */
  name: string;
  /** Only the gateways listen on a port of their own. */
  port?: number;
}

export interface ClusterPlan {
  shape: ClusterShape;
  nodes: NatsNode[];
  replicas: AppReplica[];
  gatewayUrls: string[];
  /** Every node's client URL, comma-separated, as NATS_URL takes it: a client moves to another node when its own goes. */
  natsUrl: string;
}

export function planCluster(shape: ClusterShape = DEFAULT_SHAPE, ports: ClusterPorts = DEFAULT_PORTS): ClusterPlan {
  if (!Number.isInteger(shape.natsNodes) || shape.natsNodes < 1) throw new Error(`natsNodes must be a positive integer, got ${shape.natsNodes}`);
  if (!Number.isInteger(shape.replicas) || shape.replicas < 1) throw new Error(`replicas must be a positive integer, got ${shape.replicas}`);
  if (!Number.isInteger(shape.gateways) || shape.gateways < 1) throw new Error(`gateways must be a positive integer, got ${shape.gateways}`);
  const nodes = Array.from({ length: shape.natsNodes }, (_, i) => ({
    name: `nats-${i + 1}`,
    clientPort: ports.natsClient + i,
    clusterPort: ports.natsCluster + i,
    url: `nats://${LOCALHOST}:${ports.natsClient + i}`,
  }));
  const replicas: AppReplica[] = [];
  for (const app of CLUSTER_BACKEND_APPS) {
    for (let i = 1; i <= shape.replicas; i++) replicas.push({ app, name: `${app}-${i}` });
  }
  for (let i = 1; i <= shape.gateways; i++) replicas.push({ app: 'gateway', name: `gateway-${i}`, port: ports.gateway + i - 1 });
  return {
    shape,
    nodes,
    replicas,
    gatewayUrls: replicas.filter((replica) => replica.port !== undefined).map((replica) => `http://${LOCALHOST}:${replica.port}`),
    natsUrl: nodes.map((node) => node.url).join(','),
  };
}

/**
 * nats-server arguments of one node: JetStream on, a server name (JetStream clustering needs
 * one), its route port, and routes to the other nodes.
 */
export function natsNodeArgs(node: NatsNode, nodes: readonly NatsNode[], storeDir: string): string[] {
  const routes = nodes.filter((other) => other.name !== node.name).map((other) => `nats://${LOCALHOST}:${other.clusterPort}`);
  return [
    '-js',
    '-a',
    LOCALHOST,
    '-p',
    String(node.clientPort),
    '-n',
    node.name,
    '-sd',
    storeDir,
    ...(nodes.length > 1 ? ['--cluster_name', CLUSTER_NAME, '--cluster', `nats://${LOCALHOST}:${node.clusterPort}`, '--routes', routes.join(',')] : []),
  ];
}

/**
 * The environment of one replica: the shared one plus the cluster's NATS URL with its node
 * first (so the connections spread over the nodes), streams at the cluster's replication
 * (at most 3: R3 survives losing a node, more only costs writes), and a gateway's own port.
 */
export function replicaEnvironment(plan: ClusterPlan, replica: AppReplica, shared: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const index = plan.replicas.filter((other) => other.app === replica.app).indexOf(replica);
  const rotated = [...plan.nodes.slice(index % plan.nodes.length), ...plan.nodes.slice(0, index % plan.nodes.length)];
  return {
    ...shared,
    NATS_URL: rotated.map((node) => node.url).join(','),
    NATS_STREAM_REPLICAS: String(Math.min(plan.nodes.length, 3)),
    ...(replica.port !== undefined && { PORT: String(replica.port) }),
  };
}
