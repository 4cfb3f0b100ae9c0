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

/**
 * Whether a process holds an established TCP connection to `port`: the socket inodes of its file
 * descriptors matched against /proc/net/tcp{,6}. Linux only; elsewhere it answers true.
 */
export function connectedToPort(pid: number, port: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return true;
  let inodes: Set<string>;
  try {
    inodes = new Set(
      fs
        .readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter((inode): inode is string => inode !== undefined),
    );
  } catch {
    return false;
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table = '';
    try {
      table = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (establishedInodes(table, port).some((inode) => inodes.has(inode))) return true;
  }
  return false;
}

/** Inodes of the established connections to remote `port` in a /proc/net/tcp table. */
export function establishedInodes(table: string, port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, , remote, state, , , , , , inode] = fields;
    // State 01 is ESTABLISHED.
    if (state === '01' && remote.split(':')[1]?.toUpperCase() === hexPort) inodes.push(inode);
  }
  return inodes;
}
