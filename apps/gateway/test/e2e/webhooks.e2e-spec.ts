import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startTestSystem, type TestSystem } from '@sigma/testing';

jest.setTimeout(120000);

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; aggregateId: string };
  answered: number;
}

/** What the receiver answers: a status, or `hang` to keep the request open (an attempt in flight). */
type Answer = number | 'hang';

/** A webhook receiver on 127.0.0.1 that logs every request and answers as `answer` decides. */
class Receiver {
  readonly requests: Received[] = [];
  private readonly open: ServerResponse[] = [];
  private server!: Server;
  answer: (request: Omit<Received, 'answered'>, nth: number) => Answer = () => 204;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received = { headers: request.headers, body, event: JSON.parse(body) as Received['event'] };
        const answer = this.answer(received, this.requests.filter((r) => r.event.id === received.event.id).length + 1);
        if (answer === 'hang') {
          this.requests.push({ ...received, answered: 0 });
          this.open.push(response);
          return;
        }
        this.requests.push({ ...received, answered: answer });
        response.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Requests about these records' events. */
  about(recordIds: string[]): Received[] {
    return this.requests.filter((request) => recordIds.includes(request.event.aggregateId));
  }

  async stop(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** The receiver's side of the signature: HMAC-SHA256 of `<t>.<raw body>` with the secret, t recent. */
function validSignature(secret: string, request: Received): boolean {
  const header = String(request.headers['sigma-signature']);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match || match[1] !== request.headers['sigma-timestamp']) return false;
  if (Math.abs(Date.now() / 1000 - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${request.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

describe('webhooks (e2e)', () => {
  let system: TestSystem;
  const receivers: Receiver[] = [];
  let sku = 0;

  beforeAll(async () => {
    system = await startTestSystem({
      label: 'webhooks',
      env: {
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '400',
        WEBHOOK_MAX_ATTEMPTS: '5',
        WEBHOOK_POLL_MS: '100',
        WEBHOOK_TIMEOUT_MS: '3000',
      },
    });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.stop()));
    await system?.stop();
  });

  const receiver = async () => {
    const created = new Receiver();
    receivers.push(created);
    return { receiver: created, url: await created.start() };
  };

  const subscribe = async (url: string, eventTypes = ['records.record.created']) => {
    const response = await system.api.as('admin', 'POST', '/webhooks', { url, eventTypes });
    expect(response.status).toBe(201);
    return response.body as { id: string; secret: string };
  };

  const createRecord = async () => {
    sku += 1;
    const response = await system.api.as('admin', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: { 'product-name': [{ scope: {}, value: `Hook ${sku}` }], sku: [{ scope: {}, value: `HOOK-${sku}` }] },
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  const deliveries = async (webhookId: string, status?: string) => {
    const response = await system.api.as('admin', 'GET', `/webhooks/${webhookId}/deliveries${status ? `?status=${status}` : ''}`);
    expect(response.status).toBe(200);
    return response.body as {
      items: { id: string; eventId: string; status: string; attempts: number; log: { attempt: number; statusCode?: number }[] }[];
      total: number;
    };
  };

  it('retries a failing receiver with backoff and delivers once it accepts, signed, with the event id', async () => {
    const { receiver: hook, url } = await receiver();
    hook.answer = (_request, nth) => (nth <= 2 ? 500 : 200);
    const webhook = await subscribe(url);
    expect(webhook.secret).toMatch(/^whsec_/);
    const recordId = await createRecord();

    const accepted = await eventually(async () => {
      const found = hook.about([recordId]).filter((request) => request.answered === 200);
      expect(found).toHaveLength(1);
      return found[0];
    }, 20000);
    expect(hook.about([recordId]).map((request) => request.answered)).toEqual([500, 500, 200]);
    expect(accepted.event).toMatchObject({ type: 'records.record.created', aggregateId: recordId });
    expect(accepted.headers['sigma-event-id']).toBe(accepted.event.id);
    expect(validSignature(webhook.secret, accepted)).toBe(true);
    expect(validSignature('whsec_wrong', accepted)).toBe(false);
    // Every attempt carries the same event id, for the receiver's dedupe.
    expect(new Set(hook.about([recordId]).map((request) => request.headers['sigma-event-id']))).toEqual(new Set([accepted.event.id]));

    const delivered = await eventually(async () => {
      const page = await deliveries(webhook.id, 'delivered');
      expect(page.items.map((item) => item.eventId)).toEqual([accepted.event.id]);
      return page.items[0];
    });
    expect(delivered.attempts).toBe(3);
    expect(delivered.log.map((entry) => [entry.attempt, entry.statusCode])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect((await deliveries(webhook.id, 'dead')).total).toBe(0);
    // The secret is shown once: reads never carry it.
    const read = await system.api.as('admin', 'GET', `/webhooks/${webhook.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
  });

  it('dead-letters a delivery after the last attempt, and redelivers it on request once the receiver is fixed', async () => {
    const { receiver: hook, url } = await receiver();
    let fixed = false;
    hook.answer = () => (fixed ? 204 : 503);
    const webhook = await subscribe(url);
    const recordId = await createRecord();

    const dead = await eventually(async () => {
      const page = await deliveries(webhook.id, 'dead');
      expect(page.items).toHaveLength(1);
      return page.items[0];
    }, 20000);
    expect(dead.attempts).toBe(5);
    expect(dead.log.map((entry) => entry.statusCode)).toEqual([503, 503, 503, 503, 503]);
    expect(hook.about([recordId])).toHaveLength(5);

    fixed = true;
    const redelivered = await system.api.as('admin', 'POST', `/webhooks/${webhook.id}/deliveries/${dead.id}/redeliver`);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await eventually(async () => {
      const page = await deliveries(webhook.id, 'delivered');
      expect(page.items.map((item) => item.id)).toEqual([dead.id]);
    });
    expect(hook.about([recordId]).map((request) => request.answered)).toEqual([503, 503, 503, 503, 503, 204]);
    expect((await deliveries(webhook.id, 'dead')).total).toBe(0);

    const again = await system.api.as('admin', 'POST', `/webhooks/${webhook.id}/deliveries/unknown/redeliver`);
    expect(again.status).toBe(404);
  });

  it('delivers every event exactly once across a SIGKILL of the webhooks service', async () => {
    const { receiver: hook, url } = await receiver();
    let up = false;
    // Before the crash the receiver holds requests open: attempts are in flight when the process dies.
    hook.answer = () => (up ? 200 : 'hang');
    await subscribe(url);
    const before = [await createRecord(), await createRecord(), await createRecord()];
    await eventually(async () => expect(new Set(hook.about(before).map((request) => request.event.aggregateId))).toEqual(new Set(before)), 15000);

    await system.service('webhooks').kill('SIGKILL');
    const during = [await createRecord(), await createRecord()];
    up = true;
    await system.restart('webhooks');

    const all = [...before, ...during];
    await eventually(async () => {
      const accepted = hook.about(all).filter((request) => request.answered === 200);
      expect(new Set(accepted.map((request) => request.event.aggregateId))).toEqual(new Set(all));
    }, 40000, 200);
    // Nothing more comes: each event id was accepted exactly once.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const accepted = hook.about(all).filter((request) => request.answered === 200);
    const perEvent = accepted.map((request) => request.headers['sigma-event-id']);
    expect(perEvent).toHaveLength(5);
    expect(new Set(perEvent).size).toBe(5);
  });

  it.each([
    ['https://10.0.0.7/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /private/],
    ['https://localhost:8443/hook', /localhost/],
    ['https://[::1]/hook', /private/],
    ['http://hooks.example.com/hook', /https/],
  ])('refuses %s with a 400 naming url', async (url, message) => {
    const response = await system.api.as('admin', 'POST', '/webhooks', { url, eventTypes: ['records.record.updated'] });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'url', message: expect.stringMatching(message) })]);
  });

  it('validates the body and manages subscriptions: list, update, delete', async () => {
    const bad = await system.api.as('admin', 'POST', '/webhooks', { url: 'not a url', eventTypes: ['records.record.exploded'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((issue: { field: string }) => issue.field)).toEqual(expect.arrayContaining(['url', 'eventTypes']));

    const created = await system.api.as('admin', 'POST', '/webhooks', {
      url: 'https://hooks.example.com/sigma',
      eventTypes: ['records.record.updated'],
      secret: 'given-secret-0123456789',
      description: 'ERP',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`/webhooks/${created.body.id}$`));
    expect(created.body).toMatchObject({ secret: 'given-secret-0123456789', createdBy: 'user-admin', active: true });

    const updated = await system.api.as('admin', 'PATCH', `/webhooks/${created.body.id}`, { active: false, eventTypes: ['records.record.deleted'] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ active: false, eventTypes: ['records.record.deleted'], url: 'https://hooks.example.com/sigma' });
    const badUpdate = await system.api.as('admin', 'PATCH', `/webhooks/${created.body.id}`, { url: 'https://192.168.0.10/x' });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.details[0].field).toBe('url');

    const list = await system.api.as('admin', 'GET', '/webhooks');
    expect(list.body.map((item: { id: string }) => item.id)).toContain(created.body.id);
    expect(list.body.every((item: object) => !('secret' in item))).toBe(true);

    expect((await system.api.as('admin', 'DELETE', `/webhooks/${created.body.id}`)).status).toBe(204);
    expect((await system.api.as('admin', 'GET', `/webhooks/${created.body.id}`)).status).toBe(404);
    expect((await system.api.as('admin', 'DELETE', `/webhooks/${created.body.id}`)).status).toBe(404);
  });

  it.each(['editor', 'reviewer', 'viewer', 'agent'])('answers 403 to %s', async (role) => {
    const create = await system.api.as(role, 'POST', '/webhooks', { url: 'https://hooks.example.com/x', eventTypes: ['records.record.updated'] });
    expect(create.status).toBe(403);
    expect(create.body.details).toEqual({ permission: 'webhooks:manage' });
    expect((await system.api.as(role, 'GET', '/webhooks')).status).toBe(403);
  });
});
