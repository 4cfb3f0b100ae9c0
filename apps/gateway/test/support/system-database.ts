import { Client } from 'pg';
import { settledSnapshot } from './db-state';

/**
 * The test's own connection to a system's database, made again after the server or the
 * connection went away (the fault tests restart PostgreSQL and kill processes around it).
 */
export class SystemDatabase {
  private client?: Client;

  constructor(readonly url: string) {}

  async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    const pg = await this.connection();
    try {
      return (await pg.query(sql, params)).rows;
    } catch (error) {
      this.drop(pg);
      throw error;
    }
  }

  /** Waits until outboxes are relayed and every consumer of the prefix's streams caught up (bounded), retrying through outages. */
  async settle(natsUrl: string, subjectPrefix: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      const pg = await this.connection().catch((error: unknown) => {
        lastError = error;
        return undefined;
      });
      if (pg) {
        try {
          await settledSnapshot({ pg, natsUrl, subjectPrefix, timeoutMs: Math.max(1000, deadline - Date.now()) });
          return;
        } catch (error) {
          lastError = error;
          this.drop(pg);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`The system did not settle within ${timeoutMs} ms: ${(lastError as Error)?.message}`);
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const fresh = new Client({ connectionString: this.url, application_name: 'fault-test', connectionTimeoutMillis: 5000 });
    fresh.on('error', () => {
      if (this.client === fresh) this.client = undefined;
    });
    await fresh.connect();
    this.client = fresh;
    return fresh;
  }

  private drop(pg: Client): void {
    if (this.client === pg) this.client = undefined;
    void pg.end().catch(() => undefined);
  }
}
