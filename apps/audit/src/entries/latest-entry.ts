import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions, RpcClient } from '@sigma/messaging';

/** The longest an audit read waits for the entry of the record's latest committed write. */
export const AUDIT_READ_WAIT_MS = 3000;
const POLL_MS = 50;

/**
 * Read-your-writes for the audit trail: entries are written asynchronously (outbox → JetStream →
 * this service), so a read right after a 2xx, or right after this service restarted from a crash,
 * could miss the write. A read first waits, up to AUDIT_READ_WAIT_MS (and well inside the
 * caller's request timeout), until the entry of the record's current version is recorded; past
 * the bound it answers with what is there. Unknown and deleted records are not waited for.
 */
@Injectable()
export class LatestEntryWaiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** True once the latest write's entry is recorded (or there is nothing to wait for); false at the bound. */
  async wait(entityId: string): Promise<boolean> {
    const version = await this.currentVersion(entityId);
    if (version === undefined) return true;
    const deadline = Date.now() + Math.min(AUDIT_READ_WAIT_MS, this.options.requestTimeoutMs / 2);
    for (;;) {
      const rows = (await this.dataSource.query('SELECT 1 FROM audit_entry WHERE entity_id = $1 AND sequence >= $2 LIMIT 1', [entityId, version])) as unknown[];
      if (rows.length > 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The record's version (its latest write); undefined when it does not exist or records cannot say. */
  private async currentVersion(entityId: string): Promise<number | undefined> {
    try {
      return (await this.rpc.request('records.record.get', { id: entityId })).version;
    } catch {
      return undefined;
    }
  }
}
