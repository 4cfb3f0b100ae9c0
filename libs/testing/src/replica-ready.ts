import fs from 'node:fs';

/** utime + stime of a process in clock ticks; undefined once it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** One row of /proc/net/tcp{,6}: addresses as `HEXHOST:HEXPORT`, the state in hex (01 is ESTABLISHED). */
export interface TcpRow {
  local: string;
  remote: string;
  state: string;
  inode: string;
}

/** The rows of a /proc/net/tcp table. */
export function tcpRows(table: string): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, local, remote, state, , , , , , inode] = fields;
    rows.push({ local, remote, state, inode });
  }
  return rows;
}

/** `port` as /proc/net/tcp writes it after an address's colon. */
export function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/** Inodes of the machine's TCP sockets (IPv4 and IPv6) whose row `match` picks; Linux only. */
export function tcpInodes(match: (row: TcpRow) => boolean): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table = '';
    try {
      table = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const row of tcpRows(table)) if (match(row)) inodes.add(row.inode);
  }
  return inodes;
}

/** Inodes of the sockets a process holds open (its file descriptors); undefined once it is gone. */
export function socketInodes(pid: number): Set<string> | undefined {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return undefined;
  }
  const inodes = new Set<string>();
  for (const fd of fds) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/**
 * Whether a process holds an established TCP connection to `port`: the socket inodes of its file
 * descriptors matched against /proc/net/tcp{,6}. Linux only; elsewhere it answers true.
 */
export function connectedToPort(pid: number, port: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return true;
  const own = socketInodes(pid);
  if (!own) return false;
  const established = tcpInodes((row) => isEstablishedTo(row, port));
  return [...own].some((inode) => established.has(inode));
}

/** Inodes of the established connections to remote `port` in a /proc/net/tcp table. */
export function establishedInodes(table: string, port: number): string[] {
  return tcpRows(table)
    .filter((row) => isEstablishedTo(row, port))
    .map((row) => row.inode);
}

function isEstablishedTo(row: TcpRow, port: number): boolean {
  return row.state === '01' && row.remote.split(':')[1]?.toUpperCase() === hexPort(port);
}
