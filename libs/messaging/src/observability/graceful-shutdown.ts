import { type INestApplicationContext, Logger } from '@nestjs/common';

/** Past this, a shutdown that has not finished exits anyway (non-zero), before an orchestrator's SIGKILL. */
export const SHUTDOWN_DEADLINE_MS = 9000;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * SIGTERM/SIGINT run Nest's shutdown hooks — the RPC server stops taking requests and finishes
 * those in flight, NATS drains, PostgreSQL closes — then the process exits 0. If that takes
 * longer than `deadlineMs`, it exits 1 instead of hanging.
 */
export function enableGracefulShutdown(app: INestApplicationContext, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  app.enableShutdownHooks([...SIGNALS], { useProcessExit: true });
  const arm = (signal: string) => {
    new Logger('Shutdown').log(`${signal}: finishing in-flight work (at most ${deadlineMs} ms)`);
    setTimeout(() => {
      new Logger('Shutdown').error(`Shutdown did not finish within ${deadlineMs} ms; exiting`);
      process.exit(1);
    }, deadlineMs).unref();
  };
  for (const signal of SIGNALS) process.once(signal, arm);
}
