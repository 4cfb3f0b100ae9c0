import http from 'node:http';
import { freePort } from '@sigma/testing';
import { type Balancer, startBalancer } from './balancer';

/** Real HTTP servers standing in for gateways: each answers which one it is, and its health at will. */
async function upstream(name: string) {
  const port = await freePort();
  let healthy = true;
  const bodies: string[] = [];
  const server = http.createServer((request, response) => {
    if (request.url === '/api/v1/health/ready') {
      response.writeHead(healthy ? 200 : 503).end();
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(201, { 'content-type': 'application/json', 'x-upstream': name }).end(JSON.stringify({ name, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    setHealthy: (value: boolean) => (healthy = value),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const post = async (balancer: Balancer, body: string) => {
  const response = await fetch(`${balancer.url}/api/v1/records`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as { name?: string; body?: string; code?: string } };
};

describe('the local gateway balancer', () => {
  let a: Awaited<ReturnType<typeof upstream>>;
  let b: Awaited<ReturnType<typeof upstream>>;
  let balancer: Balancer;

  beforeEach(async () => {
    [a, b] = await Promise.all([upstream('a'), upstream('b')]);
    balancer = await startBalancer({ port: await freePort(), upstreams: [a.url, b.url], healthEveryMs: 50 });
  });

  afterEach(async () => {
    await balancer.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('takes turns between healthy gateways and passes status, headers and body through', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map((n) => post(balancer, `{"n":${n}}`)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(answers.map((answer) => answer.body.name).sort()).toEqual(['a', 'a', 'b', 'b']);
    expect([...a.bodies, ...b.bodies].sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
  });

  it('skips a gateway whose health check fails', async () => {
    a.setHealthy(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(balancer.healthy()).toEqual([b.url]);
    const answers = await Promise.all([1, 2, 3].map((n) => post(balancer, `{"n":${n}}`)));
    expect(answers.map((answer) => answer.body.name)).toEqual(['b', 'b', 'b']);
  });

  it('sends a request refused at connect to the other gateway, once', async () => {
    await a.close();
    const answers = [];
    for (const n of [1, 2, 3, 4]) answers.push(await post(balancer, `{"n":${n}}`));
    expect(answers.map((answer) => [answer.status, answer.body.name])).toEqual([[201, 'b'], [201, 'b'], [201, 'b'], [201, 'b']]);
    expect(b.bodies).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
  });

  it('answers 502 naming the cause when no gateway is there', async () => {
    await Promise.all([a.close(), b.close()]);
    const answer = await post(balancer, '{}');
    expect(answer.status).toBe(502);
    expect(answer.body.code).toBe('bad_gateway');
    expect(answer.body).toMatchObject({ message: expect.stringContaining('ECONNREFUSED') });
  });
});
