import { connect, type NatsConnection } from 'nats';
import { natsConnectOptions } from '@sigma/messaging';
import { type ApiClient, eventually } from '@sigma/testing';
import { NATS_USERS, startNatsServer, startSystemOnNats, type NatsServer, type SystemOnNats } from '../support/nats-server';

/**
 * The whole system against a nats-server running deploy/nats/nats-server.conf, each app with its
 * own NATS user (as docker-compose runs it): everything works, and the rules do bite.
 */
describe('NATS per-service users and subject permissions (e2e)', () => {
  let nats: NatsServer;
  let system: SystemOnNats;
  let api: ApiClient;

  beforeAll(async () => {
    nats = await startNatsServer();
    system = await startSystemOnNats(nats, 'natsperm');
    ({ api } = system);
  }, 100000);

  afterAll(async () => {
    await system?.stop();
    await nats?.stop();
  });

  it('runs reads, a workflow call, and a change-set apply audited through JetStream, with no violation', async () => {
    expect((await api.as('viewer', 'GET', '/records/ent-001')).status).toBe(200);
    // The gateway may listen to the record events: its record cache is on, and answers a second read.
    expect((await api.as('viewer', 'GET', '/records/ent-001')).status).toBe(200);
    const metrics = String((await api.as('viewer', 'GET', '/metrics')).body);
    expect(Number(/sigma_record_cache_reads_total\{result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    expect((await api.as('viewer', 'GET', '/records/ent-001/completeness')).status).toBe(200);
    expect((await api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/approve', { reviewNote: 'ok' })).status).toBe(200);
    const apply = await api.as('reviewer', 'POST', '/change-sets/cs-agent-enrichment/apply');
    expect(apply.status).toBe(200);
    expect(apply.body.applied).toBeGreaterThan(0);
    await eventually(async () => {
      const audit = await api.as('viewer', 'GET', '/records/ent-001/audit?order=desc');
      expect(audit.body[0]?.changeSetId).toBe('cs-agent-enrichment');
    }, 20000);
    expect(nats.output()).not.toMatch(/Violation/i);
  }, 60000);

  describe('what a user may not do', () => {
    const connections: NatsConnection[] = [];
    const as = async (user: (typeof NATS_USERS)[number]) => {
      const connection = await connect({ ...natsConnectOptions(nats.urlFor(user)), name: `perm-test-${user}` });
      connections.push(connection);
      return connection;
    };

    afterAll(async () => {
      await Promise.all(connections.map((connection) => connection.close()));
    });

    it('lets only records publish record events; others get through to request subjects only', async () => {
      const records = await as('records');
      const seen: string[] = [];
      records.subscribe('records.record.*', { callback: (_error, msg) => seen.push(msg.subject) });
      await records.flush();
      const gateway = await as('gateway');
      gateway.publish('records.record.created', 'forged');
      gateway.publish('records.record.list', 'allowed');
      await gateway.flush();
      await eventually(async () => expect(seen).toContain('records.record.list'));
      expect(seen).not.toContain('records.record.created');
      expect(nats.output()).toMatch(/Publish Violation - User "gateway", Subject "records\.record\.created"/);
    });

    it('refuses a service subscribing to another service\'s requests', async () => {
      const workflow = await as('workflow');
      const refused = new Promise<string>((resolve) => {
        workflow.subscribe('records.user.authenticate', { callback: (error) => resolve(error ? error.message : 'delivered') });
      });
      await workflow.flush();
      await expect(refused).resolves.toMatch(/permissions violation/i);
    });
  });
});
