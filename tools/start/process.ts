import { type ChildProcess, spawn } from 'node:child_process';
import { jsonLine, type LineFormat, LinePrefixer } from './prefix';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedOptions {
  name: string;
  command: string;
  args: string[];
  prefix: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Signal that asks this program to shut down cleanly. */
  stopSignal?: NodeJS.Signals;
}

const live = new Set<ManagedProcess>();
let jsonOutput = false;

/** LOG_FORMAT=json: children's lines stay (or become) JSON objects instead of getting `[name] ` prefixes. */
export function useJsonOutput(on: boolean): void {
  jsonOutput = on;
}

/**
 * A child in its own process group (so a terminal's Ctrl-C reaches only the supervisor,
 * which then stops the children in order), with prefixed, line-buffered output.
 */
export class ManagedProcess {
  readonly name: string;
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private exitInfo?: ExitInfo;
  private stopping = false;
  private readonly format: LineFormat;

  constructor(private readonly options: ManagedOptions) {
    this.name = options.name;
    this.format = jsonOutput ? jsonLine(options.name) : (line) => `${options.prefix}${line}`;
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    live.add(this);
    const out = new LinePrefixer(this.format, (text) => process.stdout.write(text));
    const err = new LinePrefixer(this.format, (text) => process.stderr.write(text));
    this.child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.child.on('error', (error) => {
        err.push(`failed to run ${options.command}: ${error.message}\n`);
        this.exitInfo = { code: 127, signal: null };
        live.delete(this);
        resolve(this.exitInfo);
      });
      this.child.on('close', (code, signal) => {
        out.flush();
        err.flush();
        this.exitInfo ??= { code, signal };
        live.delete(this);
        resolve(this.exitInfo);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitInfo === undefined;
  }

  /** True once stop() was called: an exit after that is expected. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  /** Asks the process to stop, waits up to `graceMs`, then kills its whole process group. */
  async stop(graceMs = 10_000): Promise<ExitInfo> {
    this.stopping = true;
    if (!this.running) return this.exited;
    this.signal(this.options.stopSignal ?? 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      process.stderr.write(`${this.format(`did not stop within ${graceMs / 1000} s, killing it`)}\n`);
      this.killGroup();
      return this.exited;
    }
    return result;
  }

  killGroup(): void {
    if (this.pid === undefined) return;
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      this.signal('SIGKILL');
    }
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      this.child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/** Last resort when the supervisor itself exits: never leave children behind. */
export function killAllSync(): void {
  for (const managed of live) managed.killGroup();
}

export function describeExit({ code, signal }: ExitInfo): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}
