import { describeExit, killAllSync, type ManagedProcess } from './process';

export const STOP_GRACE_MS = 10_000;

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Owns every child: apps are stopped first (SIGTERM, then SIGKILL after the grace period),
 * then the infrastructure the supervisor started itself, in reverse start order.
 * Any child exiting on its own brings the whole system down with a non-zero code.
 */
export class Supervisor {
  private readonly apps: ManagedProcess[] = [];
  private readonly infrastructure: ManagedProcess[] = [];
  private shuttingDown?: Promise<never>;
  private reportUnexpected: (reason: string) => void = () => undefined;
  /** Resolves when any watched child exits on its own (never, if none does). */
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

  addInfrastructure(child: ManagedProcess): void {
    this.infrastructure.push(child);
    this.watch(child);
  }

  addApp(child: ManagedProcess): void {
    this.apps.push(child);
    this.watch(child);
  }

  private watch(child: ManagedProcess): void {
    void child.exited.then((info) => {
      if (child.stopRequested || this.stopping) return;
      const reason = `${child.name} ${describeExit(info)}`;
      this.reportUnexpected(reason);
      this.log(`${reason} unexpectedly; stopping the others`);
      void this.shutdown(info.code && info.code > 0 ? info.code : 1);
    });
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
    const running = this.apps.filter((child) => child.running);
    if (running.length > 0) this.log(`stopping ${running.map((child) => child.name).join(', ')}`);
    await Promise.all(this.apps.map((child) => child.stop(STOP_GRACE_MS)));
    for (const child of [...this.infrastructure].reverse()) {
      if (child.running) this.log(`stopping ${child.name}`);
      await child.stop(STOP_GRACE_MS);
    }
    if (this.apps.length + this.infrastructure.length > 0) this.log('all processes stopped');
  }
}
