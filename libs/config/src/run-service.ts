import { ConfigError } from './load-config';

/** Process entry of a service: a bad config or failed start exits non-zero with a readable reason. */
export function runService(name: string, start: () => Promise<unknown>): void {
  start().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(`[${name}] failed to start:`, error);
    }
    process.exit(1);
  });
}
