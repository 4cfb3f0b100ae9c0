import fs from 'node:fs';

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
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && fields[1].endsWith(`:${hexPort}`)) inodes.add(fields[9]);
    }
  }
  return pids.find((pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
        const target = readLink(`/proc/${pid}/fd/${fd}`);
        return target !== undefined && inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '');
      });
    } catch {
      return false; // gone
    }
  });
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}
