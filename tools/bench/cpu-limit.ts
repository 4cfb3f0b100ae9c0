import fs from 'node:fs';
import path from 'node:path';

/**
 * A CPU limit on one process, as a pod's `resources.limits.cpu` sets it: a cgroup of its own with
 * a CFS quota of `cores` × the period (cgroup v1's cpu controller, or v2's cpu.max). On a machine
 * whose cores all the processes share, this is how one service's replicas are made the bottleneck
 * that adding replicas relieves. Throws, naming what is missing, where no cgroup can be written.
 */
export interface CpuLimit {
  /** Moves the process back to where it was and removes the cgroup. */
  release(): void;
}

const PERIOD_US = 100_000;
const V1_CPU = '/sys/fs/cgroup/cpu';
const V2_ROOT = '/sys/fs/cgroup';

/** The quota in µs per period for `cores` (at least 1 ms, as the kernel requires). */
export function quotaMicroseconds(cores: number): number {
  if (!(cores > 0)) throw new Error(`a CPU limit must be more than 0 cores, got ${cores}`);
  return Math.max(1000, Math.round(cores * PERIOD_US));
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function isV2(): boolean {
  try {
    return fs.readFileSync(path.join(V2_ROOT, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu');
  } catch {
    return false;
  }
}

export function limitCpu(pid: number, cores: number, name: string): CpuLimit {
  const quota = quotaMicroseconds(cores);
  const v1 = fs.existsSync(path.join(V1_CPU, 'cpu.cfs_quota_us')) && writable(V1_CPU);
  const v2 = !v1 && isV2() && writable(V2_ROOT);
  if (!v1 && !v2) throw new Error(`no writable cgroup cpu controller (${V1_CPU} or ${V2_ROOT} with cpu in cgroup.controllers): cannot limit ${name}'s CPU`);
  const root = v1 ? V1_CPU : V2_ROOT;
  const dir = path.join(root, `sigma-bench-${name.replace(/[^a-z0-9-]/gi, '-')}-${pid}`);
  fs.mkdirSync(dir, { recursive: true });
  if (v1) {
    fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quota));
  } else {
    fs.writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  }
  // cgroup.procs moves every thread of the process (tasks would move only the one).
  fs.writeFileSync(path.join(dir, 'cgroup.procs'), String(pid));
  return {
    release() {
      try {
        fs.writeFileSync(path.join(root, 'cgroup.procs'), String(pid));
      } catch {
        // the process is gone
      }
      try {
        fs.rmdirSync(dir);
      } catch {
        // still busy only if the process forked into it; the kernel removes it once empty and asked again
      }
    },
  };
}
