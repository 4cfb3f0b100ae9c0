import net from 'node:net';

/** True when something accepts a TCP connection on host:port within `timeoutMs`. */
export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when this process could listen on host:port right now. */
export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free on host. */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export class WaitAborted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WaitAborted';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Rejects the wait early, e.g. when the process that should answer has exited. */
  abort?: Promise<string>;
  what: string;
}

/** Polls `check` until it returns true; fails after the timeout or when `abort` settles first. */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let aborted: string | undefined;
  options.abort?.then((reason) => (aborted = reason)).catch(() => undefined);
  for (;;) {
    if (aborted !== undefined) throw new WaitAborted(`${options.what}: ${aborted}`);
    if (await check().catch(() => false)) return;
    if (Date.now() >= deadline) throw new Error(`${options.what}: not ready within ${Math.round(options.timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** GET url; `last` keeps the latest answer so a timeout can say what the server did say. */
export async function httpOk(url: string, last?: { answer?: HttpAnswer }, timeoutMs = 2000): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const body = await response.text().catch(() => '');
  if (last) last.answer = { status: response.status, body };
  return response.status === 200;
}
