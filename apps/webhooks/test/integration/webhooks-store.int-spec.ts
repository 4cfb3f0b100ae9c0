import { DataSource } from 'typeorm';
import { openServiceDataSource } from '@sigma/db';
import { type RecordEvent, RecordEvents } from '@sigma/contracts';
import { loadConfig } from '@sigma/config';
import { createTestDatabase, type TestDatabase } from '@sigma/testing';
import { ProcessedEventJanitor } from '../../src/consumer/processed-event-janitor';
import { webhooksDataSourceOptions } from '../../src/database/data-source-options';
import { DeliveryStore } from '../../src/delivery/delivery-store';
import { SubscriptionStore } from '../../src/subscriptions/subscription-store';
import { WebhooksConfig } from '../../src/webhooks.settings';

/** The webhooks schema against PostgreSQL: fan-out dedupe, claims that skip each other, and the janitor. */
describe('webhooks stores (integration)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let subscriptions: SubscriptionStore;
  let deliveries: DeliveryStore;
  let config: WebhooksConfig;

  beforeAll(async () => {
    database = await createTestDatabase('webhooks');
    config = loadConfig('webhooks', WebhooksConfig, { DATABASE_URL: database.url, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    dataSource = await openServiceDataSource(webhooksDataSourceOptions(config), true);
    subscriptions = new SubscriptionStore(dataSource, config);
    deliveries = new DeliveryStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const event = (id: string, type: RecordEvent['type'] = RecordEvents.updated) =>
    ({ id, type, occurredAt: new Date().toISOString(), aggregateId: 'ent-1', sequence: 2, userId: 'user-admin', payload: { schemaId: 's', changes: [] } }) as RecordEvent;

  it('queues one delivery per matching subscription, and nothing again for an event seen before', async () => {
    const updates = await subscriptions.create({ url: 'https://a.example.com/h', eventTypes: [RecordEvents.updated] }, 'user-admin');
    await subscriptions.create({ url: 'https://b.example.com/h', eventTypes: [RecordEvents.deleted] }, 'user-admin');
    await subscriptions.create({ url: 'http://127.0.0.1:1/h', eventTypes: [RecordEvents.updated], active: false }, 'user-admin');
    const all = await subscriptions.all();

    expect(await deliveries.fanOut([event('evt_a'), event('evt_b', RecordEvents.created)], all)).toBe(1);
    expect(await deliveries.fanOut([event('evt_a')], all)).toBe(0);
    const page = await deliveries.list({ subscriptionId: updates.id, limit: 10, offset: 0 });
    expect(page.items.map((item) => [item.eventId, item.status, item.attempts])).toEqual([['evt_a', 'pending', 0]]);
  });

  it('lets concurrent claims take each due delivery once, and leases it', async () => {
    const all = await subscriptions.all();
    await deliveries.fanOut(Array.from({ length: 6 }, (_, i) => event(`evt_c${i}`)), all);
    const [first, second] = await Promise.all([deliveries.claim(4, 60000), deliveries.claim(4, 60000)]);
    const ids = [...first, ...second].map((delivery) => delivery.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(7); // evt_a and evt_c0..5
    expect(await deliveries.claim(10, 60000)).toEqual([]);
  });

  it('forgets processed events older than the retention only', async () => {
    await dataSource.query(`INSERT INTO processed_event (event_id, processed_at) VALUES ('evt_old', now() - interval '40 days')`);
    await new ProcessedEventJanitor(dataSource, config).cleanUp();
    const left = (await dataSource.query('SELECT event_id FROM processed_event ORDER BY event_id')) as { event_id: string }[];
    expect(left.map((row) => row.event_id)).not.toContain('evt_old');
    expect(left.map((row) => row.event_id)).toContain('evt_a');
  });
});
