/**
 * Where the CPU of a load run goes: user + system time of each service process, nats-server, all
 * PostgreSQL processes and this bench process (autocannon runs in it), read from /proc around the
 * measured run and divided by the requests answered. Profilers sampling wall time blame syscalls
 * and queueing on a shared 2-core machine; CPU time per request does not. Given a database URL,
 * PostgreSQL backends are split by the application_name of their connection (pg_stat_activity).
 */
import fs from 'node:fs';
import { Client } from 'pg';
import { cpuTicks } from '@sigma/testing';

const TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms; undefined once it is gone. */
function cpuMs(pid: number): number | undefined {
  const ticks = cpuTicks(pid);
  return ticks === undefined ? undefined : (ticks * 1000) / TICKS_PER_SECOND;
}

/** Pids of processes whose command name (/proc/<pid>/comm) is `name`. */
function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export class CpuMeter {
  private before = new Map<string, number>();
  private after = new Map<string, number>();
  /** PostgreSQL backend pid → application_name, read when the measured run starts. */
  private backends = new Map<number, string>();

  constructor(
    private readonly services: () => Map<string, number>,
    private readonly databaseUrl?: string,
  ) {}

  /** Pass as a load's `onMeasure`. */
  readonly edge = async (edge: 'start' | 'end'): Promise<void> => {
    if (edge === 'start') {
      this.backends = await this.readBackends();
      this.before = this.snapshot();
    } else {
      this.after = this.snapshot();
    }
  };

  private async readBackends(): Promise<Map<number, string>> {
    if (!this.databaseUrl) return new Map();
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'bench-cpu-meter' });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number; name: string }>(
        `SELECT pid, application_name AS name FROM pg_stat_activity WHERE application_name <> '' AND pid <> pg_backend_pid()`,
      );
      return new Map(rows.map((row) => [row.pid, row.name]));
    } finally {
      await client.end();
    }
  }

  private snapshot(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, pid] of this.services()) {
      const ms = cpuMs(pid);
      if (ms !== undefined) out.set(name, ms);
    }
    out.set('nats-server', pidsNamed('nats-server').reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0));
    // Backends opened after the start (a pool growing) and PostgreSQL's own workers count as "other".
    for (const pid of pidsNamed('postgres')) {
      const label = `postgres (${this.backends.get(pid) ?? 'other'})`;
      out.set(label, (out.get(label) ?? 0) + (cpuMs(pid) ?? 0));
    }
    const own = process.cpuUsage();
    out.set('bench (autocannon)', (own.user + own.system) / 1000);
    return out;
  }

  /** µs of CPU per request by process over the measured run, largest first. */
  perRequest(requests: number): { process: string; microseconds: number }[] {
    if (requests <= 0) return [];
    return [...this.after]
      .map(([name, ms]) => ({ process: name, microseconds: Math.round(((ms - (this.before.get(name) ?? 0)) * 1000) / requests) }))
      .filter((entry) => entry.microseconds > 0)
      .sort((a, b) => b.microseconds - a.microseconds);
  }

  /** One note line: `CPU per request: gateway 780 µs, records 400 µs, …`. */
  note(requests: number): string {
    const entries = this.perRequest(requests);
    const total = entries.reduce((sum, entry) => sum + entry.microseconds, 0);
    return `CPU per request (user + system, /proc): ${entries.map((e) => `${e.process} ${e.microseconds} µs`).join(', ')}; ${total} µs in all, so 2 cores cap this at about ${Math.round(2e6 / Math.max(total, 1))} req/s`;
  }
}
