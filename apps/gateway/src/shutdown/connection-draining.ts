import type { FastifyInstance } from 'fastify';

/**
 * From SIGTERM/SIGINT on, every response closes its connection and idle keep-alive connections
 * are closed, so the HTTP server's close does not wait for clients' idle keep-alive sockets
 * (Fastify keeps them 72 s): without this, a connection that answered its last request after
 * the signal held the shutdown past its deadline and the gateway exited 1.
 */
export function registerConnectionDraining(fastify: FastifyInstance, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let closing = false;
  const begin = () => {
    closing = true;
    fastify.server.closeIdleConnections();
  };
  for (const signal of signals) process.once(signal, begin);
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}
