import { Client } from 'pg';
import { type ApiClient, eventually } from '@sigma/testing';
import { startNatsServer, startSystemOnNats, type NatsServer, type SystemOnNats } from '../support/nats-server';

/**
 * A NATS whose rules do not let the gateway listen to the record events (an older config): the
 * subscription is refused, and the gateway must then never answer a read from its cache, which
 * no event would correct.
 */
describe('gateway record cache without the record events (e2e)', () => {
  let nats: NatsServer;
  let system: SystemOnNats;
  let api: ApiClient;
  let sql: Client;

  beforeAll(async () => {
    nats = await startNatsServer((config) => {
      const narrowed = config.replace(/subscribe: \{ allow: \["_INBOX\.>", "records\.record\.created"[^\]]*\] \}/, 'subscribe: { allow: ["_INBOX.>"] }');
      if (narrowed === config) throw new Error("the gateway's subscribe rule in deploy/nats/nats-server.conf changed: update this test");
      return narrowed;
    });
    system = await startSystemOnNats(nats, 'cacherefused');
    ({ api } = system);
    sql = new Client({ connectionString: system.database.url });
    await sql.connect();
  }, 100000);

  afterAll(async () => {
    await sql?.end();
    await system?.stop();
    await nats?.stop();
  });

  it('reads every record from records, and says why', async () => {
    await eventually(async () => expect(nats.output()).toMatch(/Subscription Violation - User "gateway", Subject "records\.record\.created"/), 10000);
    expect((await api.as('viewer', 'GET', '/records/ent-001')).status).toBe(200);
    await sql.query(`UPDATE records.record SET "values" = jsonb_set("values", '{material}', '[{"scope": {}, "value": "Behind"}]') WHERE id = 'ent-001'`);
    const read = await api.as('viewer', 'GET', '/records/ent-001');
    expect(read.body.values.material).toEqual([{ scope: {}, value: 'Behind' }]);
    const gateway = system.services.find((service) => service.name === 'gateway')!;
    expect(gateway.output()).toMatch(/Record cache off: the subscription to records\.record\.\w+ failed/);
  }, 30000);
});
