import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { AUDIT_RECORDED_SUBJECT, type AuditEntriesRecorded } from '@sigma/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, prefixSubject, RpcClient } from '@sigma/messaging';

const REMEMBERED = 500_000;
const CHECK_CHUNK = 2000;

/**
 * Which record events the audit trail has durably recorded. Confirmations are heard on
 * `audit.entry.recorded` (they may arrive before the apply even knows the event ids, so they are
 * remembered); anything not heard is asked of the audit service directly.
 */
@Injectable()
export class AuditConfirmations implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly recorded = new Set<string>();
  private subscription?: Subscription;
  private waiters: (() => void)[] = [];

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly rpc: RpcClient,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nats.subscribe(prefixSubject(this.options.subjectPrefix, AUDIT_RECORDED_SUBJECT), {
      callback: (error, message) => {
        if (error) return;
        try {
          const { entries } = message.json<AuditEntriesRecorded>();
          for (const entry of entries) this.remember(entry.eventId);
          this.notify();
        } catch {
          // a malformed confirmation is ignored; the direct check covers it
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.notify();
  }

  /** The ids among `eventIds` heard as recorded. */
  heard(eventIds: readonly string[]): string[] {
    return eventIds.filter((id) => this.recorded.has(id));
  }

  /** Asks the audit service which of `eventIds` are recorded (for confirmations that were missed). */
  async check(eventIds: readonly string[]): Promise<string[]> {
    const found: string[] = [];
    for (let i = 0; i < eventIds.length; i += CHECK_CHUNK) {
      const { recorded } = await this.rpc.request('audit.entry.check-recorded', { eventIds: eventIds.slice(i, i + CHECK_CHUNK) });
      for (const id of recorded) this.remember(id);
      found.push(...recorded);
    }
    return found;
  }

  /** Resolves on the next confirmation, or after `timeoutMs`. */
  next(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      waiters.push(done);
    });
  }

  private remember(eventId: string): void {
    this.recorded.add(eventId);
    if (this.recorded.size > REMEMBERED) this.recorded.delete(this.recorded.values().next().value as string);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
