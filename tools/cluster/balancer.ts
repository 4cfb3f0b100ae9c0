import http from 'node:http';
import { LOCALHOST } from './topology';

/**
 * The local stand-in for the gateway's Kubernetes Service: round robin over the gateways that
 * pass their health check (checked every `healthEveryMs`, as a readiness probe would), and a
 * request refused at connect (the gateway is gone) goes to the next one. Only a refused connect
 * is retried for a request with a body, as nothing reached the gateway; a connection lost after
 * the request was sent is answered 502, since the write may have happened.
 */
export interface BalancerOptions {
  port: number;
  upstreams: readonly string[];
  healthPath?: string;
  healthEveryMs?: number;
}

/** Bodies up to this size are kept so a refused request can go to another gateway; larger ones stream through once. */
const RETRY_BODY_MAX_BYTES = 1024 * 1024;
const HEALTH_TIMEOUT_MS = 1000;

export interface Balancer {
  url: string;
  /** Requests each upstream received (answered or not). */
  sent: Map<string, number>;
  /** Upstreams whose last health check passed. */
  healthy(): string[];
  close(): Promise<void>;
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  // The gateway's readiness (connected to NATS), as the Service's readiness probe uses it.
  const healthPath = options.healthPath ?? '/api/v1/health/ready';
  const up = new Map(options.upstreams.map((upstream) => [upstream, true]));
  const sent = new Map(options.upstreams.map((upstream) => [upstream, 0]));
  let next = 0;

  const check = async (upstream: string) => {
    try {
      const response = await fetch(`${upstream}${healthPath}`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      await response.arrayBuffer();
      up.set(upstream, response.status === 200);
    } catch {
      up.set(upstream, false);
    }
  };
  const timer = setInterval(() => options.upstreams.forEach((upstream) => void check(upstream)), options.healthEveryMs ?? 250);
  await Promise.all(options.upstreams.map(check));

  /** The upstreams to try, healthy ones first, starting after the last one used. */
  const order = (): string[] => {
    const start = next++ % options.upstreams.length;
    const rotated = [...options.upstreams.slice(start), ...options.upstreams.slice(0, start)];
    return [...rotated.filter((upstream) => up.get(upstream)), ...rotated.filter((upstream) => !up.get(upstream))];
  };

  const server = http.createServer((request, response) => {
    void proxy(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'bad_gateway', message: `No gateway answered: ${error.message}` }));
    });
  });

  async function proxy(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const length = Number(request.headers['content-length'] ?? 0);
    const body = length <= RETRY_BODY_MAX_BYTES && request.headers['transfer-encoding'] === undefined ? await readBody(request) : undefined;
    const candidates = order();
    let lastError: Error | undefined;
    for (const upstream of body ? candidates : candidates.slice(0, 1)) {
      sent.set(upstream, (sent.get(upstream) ?? 0) + 1);
      const outcome = await forward(upstream, request, response, body);
      if (outcome === 'answered') return;
      lastError = outcome;
      up.set(upstream, false);
      if ((outcome as NodeJS.ErrnoException).code !== 'ECONNREFUSED') break;
    }
    throw lastError ?? new Error('no upstream');
  }

  await new Promise<void>((resolve) => server.listen(options.port, LOCALHOST, resolve));
  return {
    url: `http://${LOCALHOST}:${options.port}`,
    sent,
    healthy: () => options.upstreams.filter((upstream) => up.get(upstream)),
    async close() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Sends the request to one upstream and pipes its answer back; an Error when no answer came. */
function forward(upstream: string, request: http.IncomingMessage, response: http.ServerResponse, body: Buffer | undefined): Promise<'answered' | Error> {
  return new Promise((resolve) => {
    const target = new URL(request.url ?? '/', upstream);
    const outgoing = http.request(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.on('end', () => resolve('answered'));
      // The answer was cut off mid-body: the client sees its connection end, as it would with the gateway itself.
      answer.on('error', () => {
        response.destroy();
        resolve('answered');
      });
    });
    outgoing.on('error', (error) => {
      if (response.headersSent) {
        response.destroy();
        resolve('answered');
      } else resolve(error);
    });
    // A client that goes away takes its request to the gateway with it.
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
    });
    if (body) outgoing.end(body);
    else request.pipe(outgoing);
  });
}
