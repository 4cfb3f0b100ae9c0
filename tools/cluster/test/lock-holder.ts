import { hexPort, socketInodes, tcpInodes } from '@sigma/testing';

/**
 * Which of `pids` holds the session advisory lock `hashtext(key)` in PostgreSQL: the lock's
 * backend names its client's TCP port, and /proc names the process whose socket has that port
 * (Linux only, processes of this user). Lets a fault test kill the replica that drives a run.
 */
export async function pidHoldingAdvisoryLock(
  query: <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>,
  key: string,
  pids: readonly number[],
): Promise<number | undefined> {
  const rows = await query<{ client_port: number }>(
    `SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.objid::text::bigint = (hashtext($1)::bigint & 4294967295)`,
    [key],
  );
  if (rows.length === 0) return undefined;
  return pidWithLocalPort(rows[0].client_port, pids);
}

/** The pid among `pids` owning a TCP socket whose local port is `port`. */
export function pidWithLocalPort(port: number, pids: readonly number[]): number | undefined {
  const inodes = tcpInodes((row) => row.local.endsWith(`:${hexPort(port)}`));
  return pids.find((pid) => [...(socketInodes(pid) ?? [])].some((inode) => inodes.has(inode)));
}
