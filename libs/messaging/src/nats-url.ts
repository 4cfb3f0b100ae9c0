import type { ConnectionOptions } from 'nats';

/**
 * NATS_URL may carry credentials (`nats://records:secret@nats:4222`), which the nats client
 * ignores in a server URL: they become `user`/`pass` and every server URL loses them.
 * Percent-encoded characters in the password are decoded.
 */
export function natsConnectOptions(url: string): Pick<ConnectionOptions, 'servers' | 'user' | 'pass'> {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url
    .split(',')
    .map((server) => server.trim())
    .filter(Boolean)
    .map((server) => {
      const match = /^([a-z]+:\/\/)([^@/]+)@(.+)$/i.exec(server);
      if (!match) return server;
      const colon = match[2].indexOf(':');
      user ??= decodeURIComponent(colon < 0 ? match[2] : match[2].slice(0, colon));
      if (colon >= 0) pass ??= decodeURIComponent(match[2].slice(colon + 1));
      return `${match[1]}${match[3]}`;
    });
  return { servers, ...(user !== undefined && { user }), ...(pass !== undefined && { pass }) };
}
