import { DEFAULT_PORTS, natsNodeArgs, planCluster, replicaEnvironment } from './topology';

describe('the local cluster plan', () => {
  const plan = planCluster();

  it('has three NATS nodes on consecutive client and route ports, and every node in NATS_URL', () => {
    expect(plan.nodes.map((node) => [node.name, node.clientPort, node.clusterPort])).toEqual([
      ['nats-1', 4301, 6301],
      ['nats-2', 4302, 6302],
      ['nats-3', 4303, 6303],
    ]);
    expect(plan.natsUrl).toBe('nats://127.0.0.1:4301,nats://127.0.0.1:4302,nats://127.0.0.1:4303');
  });

  it('runs two replicas of each backend service and two gateways on ports of their own', () => {
    expect(plan.replicas.map((replica) => replica.name)).toEqual([
      'records-1', 'records-2', 'workflow-1', 'workflow-2', 'audit-1', 'audit-2',
      'change-sets-1', 'change-sets-2', 'webhooks-1', 'webhooks-2', 'gateway-1', 'gateway-2',
    ]);
    expect(plan.gatewayUrls).toEqual(['http://127.0.0.1:3100', 'http://127.0.0.1:3101']);
    expect(plan.replicas.filter((replica) => replica.app !== 'gateway').every((replica) => replica.port === undefined)).toBe(true);
  });

  it('routes each node to the others under one cluster name, with its own server name and store', () => {
    expect(natsNodeArgs(plan.nodes[1], plan.nodes, '/data/nats-2')).toEqual([
      '-js', '-a', '127.0.0.1', '-p', '4302', '-n', 'nats-2', '-sd', '/data/nats-2',
      '--cluster_name', 'sigma', '--cluster', 'nats://127.0.0.1:6302', '--routes', 'nats://127.0.0.1:6301,nats://127.0.0.1:6303',
    ]);
  });

  it('a single node is a plain JetStream server, without routes', () => {
    const single = planCluster({ natsNodes: 1, replicas: 1, gateways: 1 });
    expect(natsNodeArgs(single.nodes[0], single.nodes, '/d')).toEqual(['-js', '-a', '127.0.0.1', '-p', '4301', '-n', 'nats-1', '-sd', '/d']);
  });

  it('gives each replica the node list starting at a different node, streams at R3, and a gateway its port', () => {
    const env = (name: string) => replicaEnvironment(plan, plan.replicas.find((replica) => replica.name === name)!, { SHARED: 'x' });
    expect(env('records-1')).toEqual({ SHARED: 'x', NATS_URL: plan.natsUrl, NATS_STREAM_REPLICAS: '3' });
    expect(env('records-2').NATS_URL).toBe('nats://127.0.0.1:4302,nats://127.0.0.1:4303,nats://127.0.0.1:4301');
    expect(env('gateway-2')).toMatchObject({ PORT: '3101', NATS_STREAM_REPLICAS: '3' });
  });

  it('caps stream replication at 3 and follows other ports', () => {
    const five = planCluster({ natsNodes: 5, replicas: 1, gateways: 1 }, { ...DEFAULT_PORTS, natsClient: 5000, gateway: 7000 });
    expect(replicaEnvironment(five, five.replicas[0], {}).NATS_STREAM_REPLICAS).toBe('3');
    expect(five.nodes[4].url).toBe('nats://127.0.0.1:5004');
    expect(five.gatewayUrls).toEqual(['http://127.0.0.1:7000']);
  });

  it('refuses shapes that are not positive integers, naming the field', () => {
    expect(() => planCluster({ natsNodes: 0, replicas: 2, gateways: 2 })).toThrow('natsNodes must be a positive integer, got 0');
    expect(() => planCluster({ natsNodes: 3, replicas: 1.5, gateways: 2 })).toThrow('replicas must be a positive integer, got 1.5');
    expect(() => planCluster({ natsNodes: 3, replicas: 2, gateways: -1 })).toThrow('gateways must be a positive integer, got -1');
  });
});
