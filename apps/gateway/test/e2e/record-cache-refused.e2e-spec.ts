import { Client } from 'pg';
import { ApiClient, createTestDatabase, eventually, freePort, spawnService, type ServiceProcess, type TestDatabase } from '@sigma/testing';
import { NATS_USERS, startNatsServer, type NatsServer } from '../support/nats-server';

/**
 * A NATS whose rules do not let the gateway listen to the record events (an older config): the
 * subscription is refused, and the gateway must then never answer a read from its cache, which
 * no event would correct.
 */
describe('gateway record cache without the record events (e2e)', () => {
  let nats: NatsServer;
  let database: TestDatabase;
  let api: ApiClient;
  let sql: Client;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer((config) => {
      const narrowed = config.replace(/subscribe: \{ allow: \["_INBOX\.>", "records\.record\.created"[^\]]*\] \}/, 'subscribe: { allow: ["_INBOX.>"] }');
      if (narrowed === config) throw new Error("the gateway's subscribe rule in deploy/nats/nats-server.conf changed: update this test");
      return narrowed;
    });
    database = await createTestDatabase('cacherefused');
    const port = await freePort();
    api = new ApiClient(`http://127.0.0.1:${port}/api/v1`);
    for (const user of NATS_USERS) {
      services.push(
        spawnService(user, { DATABASE_URL: database.url, NATS_URL: nats.urlFor(user), NATS_SUBJECT_PREFIX: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
      );
    }
    await eventually(async () => {
      const dead = services.find((service) => service.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited:\n${dead.output()}`);
      expect((await fetch(`${api.baseUrl}/health`).catch(() => undefined))?.status).toBe(200);
    }, 75000, 250);
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  }, 100000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all(services.map((service) => service.stop()));
    await database?.drop();
    await nats?.stop();
  });

  it('reads every record from records, and says why', async () => {
    await eventually(async () => expect(nats.output()).toMatch(/Permissions Violation for Subscription to "records\.record\.created"/), 10000);
    expect((await api.as('viewer', 'GET', '/records/ent-001')).status).toBe(200);
    await sql.query(`UPDATE records.record SET "values" = jsonb_set("values", '{material}', '[{"scope": {}, "value": "Behind"}]') WHERE id = 'ent-001'`);
    const read = await api.as('viewer', 'GET', '/records/ent-001');
    expect(read.body.values.material).toEqual([{ scope: {}, value: 'Behind' }]);
    const gateway = services.find((service) => service.name === 'gateway')!;
    expect(gateway.output()).toMatch(/Record cache off: the subscription to records\.record\.\w+ failed/);
  }, 30000);
});
