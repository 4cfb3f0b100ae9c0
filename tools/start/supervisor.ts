import { describeExit, killAllSync, type ManagedOptions, ManagedProcess } from './process';

export const STOP_GRACE_MS = 10_000;
/** The first restart of a crashed app waits this long; each further one twice as long, up to RESTART_MAX_DELAY_MS. */
export const RESTART_FIRST_DELAY_MS = 1000;
export const RESTART_MAX_DELAY_MS = 30_000;
/** An app that ran this long before crashing starts over at the first delay. */
export const STABLE_RUN_MS = 60_000;

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** Delay before the `restarts`+1-th restart in a row: 1 s, 2 s, 4 s, … capped. */
export function restartDelay(restarts: number): number {
  return Math.min(RESTART_FIRST_DELAY_MS * 2 ** Math.min(restarts, 16), RESTART_MAX_DELAY_MS);
}

interface App {
  options: ManagedOptions;
  process: ManagedProcess;
  startedAt: number;
  restarts: number;
  timer?: NodeJS.Timeout;
}

/**
 * Owns every child: apps are stopped first (SIGTERM, then SIGKILL after the grace period),
 * then the infrastructure the supervisor started itself, in reverse start order.
 * Once the system is ready, an app that exits on its own is restarted with backoff (and the
 * supervisor says so); before that, and for the infrastructure it started, an exit is a failed
 * start and brings the whole system down with a non-zero code.
 */
export class Supervisor {
  private readonly apps: App[] = [];
  private readonly infrastructure: ManagedProcess[] = [];
  private shuttingDown?: Promise<never>;
  private ready = false;
  private reportUnexpected: (reason: string) => void = () => undefined;
  /** Resolves when a watched child exits on its own before the system is ready (never, if none does). */
  readonly unexpectedExit: Promise<string>;

  constructor(private readonly log: (line: string) => void) {
    this.unexpectedExit = new Promise<string>((resolve) => {
      this.reportUnexpected = resolve;
    });
  }

  get stopping(): boolean {
    return this.shuttingDown !== undefined;
  }

  installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      const code = 128 + (SIGNAL_NUMBERS[signal] ?? 15);
      if (this.stopping) {
        this.log(`${signal} again: killing everything now`);
        killAllSync();
        process.exit(code);
      }
      this.log(`${signal} received, stopping`);
      void this.shutdown(code);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    // Safety net: whatever happens, the supervisor never exits leaving children behind.
    process.on('exit', () => killAllSync());
  }

  /**
   * A server the supervisor started and stops last. Its exit brings the system down, unless
   * `onExit` takes it (a clustered server whose peers carry on while it is started again).
   */
  addInfrastructure(child: ManagedProcess, onExit?: (reason: string) => void): void {
    this.infrastructure.push(child);
    void child.exited.then((info) => {
      if (child.stopRequested || this.stopping) return;
      const reason = `${child.name} ${describeExit(info)}`;
      if (onExit) onExit(reason);
      else this.fail(reason, info.code);
    });
  }

  addApp(options: ManagedOptions): void {
    const app: App = { options, process: new ManagedProcess(options), startedAt: Date.now(), restarts: 0 };
    this.apps.push(app);
    this.watch(app);
  }

  /** From now on a crashed app is restarted rather than taking the system down. */
  markReady(): void {
    this.ready = true;
  }

  private watch(app: App): void {
    const current = app.process;
    void current.exited.then((info) => {
      if (current.stopRequested || this.stopping) return;
      const reason = `${app.options.name} ${describeExit(info)}`;
      if (!this.ready) {
        this.fail(reason, info.code);
        return;
      }
      if (Date.now() - app.startedAt >= STABLE_RUN_MS) app.restarts = 0;
      const delay = restartDelay(app.restarts);
      app.restarts += 1;
      this.log(`${reason} unexpectedly; restarting it in ${delay / 1000} s (restart ${app.restarts} in a row)`);
      app.timer = setTimeout(() => {
        app.timer = undefined;
        if (this.stopping) return;
        app.process = new ManagedProcess(app.options);
        app.startedAt = Date.now();
        this.log(`restarted ${app.options.name} (pid ${app.process.pid})`);
        this.watch(app);
      }, delay);
    });
  }

  private fail(reason: string, code: number | null): void {
    this.reportUnexpected(reason);
    this.log(`${reason} unexpectedly; stopping the others`);
    void this.shutdown(code && code > 0 ? code : 1);
  }

  /** Stops everything once (later calls wait for the first), then exits with `code`. */
  shutdown(code: number): Promise<never> {
    this.shuttingDown ??= this.stopAll().then(
      () => process.exit(code),
      (error: unknown) => {
        this.log(`error while stopping: ${String(error)}`);
        killAllSync();
        process.exit(code || 1);
      },
    );
    return this.shuttingDown;
  }

  private async stopAll(): Promise<void> {
    for (const app of this.apps) clearTimeout(app.timer);
    const running = this.apps.filter((app) => app.process.running);
    if (running.length > 0) this.log(`stopping ${running.map((app) => app.options.name).join(', ')}`);
    await Promise.all(
      running.map(async (app) => {
        const info = await app.process.stop(STOP_GRACE_MS);
        this.log(`${app.options.name} ${describeExit(info)}`);
      }),
    );
    for (const child of [...this.infrastructure].reverse()) {
      if (child.running) this.log(`stopping ${child.name}`);
      await child.stop(STOP_GRACE_MS);
    }
    if (this.apps.length + this.infrastructure.length > 0) this.log('all processes stopped');
  }
}
