import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DomainError,
  generateId,
  type RecordEvent,
  type RecordEventType,
  WEBHOOK_LOG_MAX_ATTEMPTS,
  type WebhookAttemptDto,
  type WebhookDeliveryDto,
  type WebhookDeliveryListRequest,
  type WebhookDeliveryPage,
  type WebhookDeliveryStatus,
} from '@sigma/contracts';
import type { AttemptOutcome } from '../domain/backoff';
import { matchingSubscriptions } from '../domain/subscription-match';
import type { Subscription } from '../subscriptions/subscription-store';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** A claimed delivery: what the worker sends, and to whom. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

export interface AttemptResult {
  at: Date;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

const COLUMNS = 'id, subscription_id, event_id, event_type, status, attempts, next_attempt_at, last_error, delivered_at, created_at';

@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Marks each event processed and writes one delivery per matching subscription, in one
   * transaction: an event seen before (a JetStream redelivery) writes nothing. Returns how many
   * deliveries were queued.
   */
  async fanOut(events: RecordEvent[], subscriptions: Subscription[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.dataSource.transaction(async (manager) => {
      const fresh = (await manager.query(
        `INSERT INTO processed_event (event_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id`,
        [events.map((event) => event.id)],
      )) as { event_id: string }[];
      const freshIds = new Set(fresh.map((row) => row.event_id));
      const rows = events
        .filter((event) => freshIds.has(event.id))
        .flatMap((event) =>
          matchingSubscriptions(subscriptions, event.type).map((subscription) => ({
            id: generateId('whd_', 12),
            subscription_id: subscription.id,
            event_id: event.id,
            event_type: event.type,
            body: JSON.stringify(event),
          })),
        );
      if (rows.length === 0) return 0;
      await manager.query(
        `INSERT INTO delivery (id, subscription_id, event_id, event_type, body, status, next_attempt_at)
         SELECT id, subscription_id, event_id, event_type, body, 'pending', now()
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, subscription_id text, event_id text, event_type text, body text)
         ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [JSON.stringify(rows)],
      );
      return rows.length;
    });
  }

  /**
   * Takes up to `limit` due deliveries and leases them for `leaseMs` (their next_attempt_at moves
   * past the request timeout), so another worker skips them and a crashed one's come back.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM delivery
         WHERE status IN ('pending', 'failed') AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE delivery d SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
       FROM due, subscription s
       WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id, d.event_id, d.event_type, d.body, d.attempts, s.url, s.secret`,
      [limit, leaseMs],
    )) as [{ id: string; event_id: string; event_type: string; body: string; attempts: number; url: string; secret: string }[], number];
    return rows[0].map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      body: row.body,
      attempts: row.attempts,
      url: row.url,
      secret: row.secret,
    }));
  }

  /** Logs the attempt and moves the delivery to what the retry policy decided, in one transaction. */
  async record(delivery: ClaimedDelivery, attempt: number, result: AttemptResult, outcome: AttemptOutcome): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO delivery_attempt (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.id, attempt, result.at, result.statusCode ?? null, result.error ?? null, result.durationMs],
      );
      const error = result.error ?? (result.statusCode === undefined ? null : `HTTP ${result.statusCode}`);
      await manager.query(
        `UPDATE delivery SET status = $2, attempts = $3,
                next_attempt_at = CASE WHEN $2 = 'failed' THEN now() + make_interval(secs => $4::double precision / 1000) END,
                last_error = CASE WHEN $2 = 'delivered' THEN NULL ELSE $5 END,
                delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END
         WHERE id = $1`,
        [delivery.id, outcome.status, attempt, outcome.status === 'failed' ? outcome.retryInMs : 0, error],
      );
    });
  }

  async list(request: WebhookDeliveryListRequest): Promise<WebhookDeliveryPage> {
    const filter = request.status ? 'AND status = $2' : 'AND $2::text IS NULL';
    const params = [request.subscriptionId, request.status ?? null];
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM delivery WHERE subscription_id = $1 ${filter}`, params)) as {
      total: number;
    }[];
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM delivery WHERE subscription_id = $1 ${filter} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [...params, request.limit, request.offset],
    )) as DeliveryRow[];
    const logs = await this.logs(rows.map((row) => row.id));
    return { items: rows.map((row) => toDto(row, logs.get(row.id) ?? [])), total };
  }

  /** Queues a dead (or delivered) delivery again with a fresh attempt budget; its log keeps the old attempts. */
  async redeliver(subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryDto> {
    const [rows] = (await this.dataSource.query(
      `UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL
       WHERE id = $1 AND subscription_id = $2 AND status IN ('dead', 'delivered') RETURNING ${COLUMNS}`,
      [deliveryId, subscriptionId],
    )) as [DeliveryRow[], number];
    if (rows.length === 0) {
      const [existing] = (await this.dataSource.query('SELECT status FROM delivery WHERE id = $1 AND subscription_id = $2', [deliveryId, subscriptionId])) as {
        status: string;
      }[];
      if (!existing) throw DomainError.notFound('delivery', deliveryId);
      throw DomainError.conflict('The delivery is still being retried; redeliver it once it is dead or delivered', { deliveryId, status: existing.status });
    }
    const logs = await this.logs([deliveryId]);
    return toDto(rows[0], logs.get(deliveryId) ?? []);
  }

  private async logs(deliveryIds: string[]): Promise<Map<string, WebhookAttemptDto[]>> {
    const rows = (await this.dataSource.query(
      `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM (
         SELECT *, row_number() OVER (PARTITION BY delivery_id ORDER BY id DESC) AS newest FROM delivery_attempt WHERE delivery_id = ANY($1)
       ) a WHERE newest <= $2 ORDER BY delivery_id, id`,
      [deliveryIds, WEBHOOK_LOG_MAX_ATTEMPTS],
    )) as AttemptRow[];
    const logs = new Map<string, WebhookAttemptDto[]>();
    for (const row of rows) {
      const log = logs.get(row.delivery_id) ?? [];
      log.push({
        attempt: row.attempt,
        at: row.at.toISOString(),
        ...(row.status_code !== null && { statusCode: row.status_code }),
        ...(row.error !== null && { error: row.error }),
        durationMs: row.duration_ms,
      });
      logs.set(row.delivery_id, log);
    }
    return logs;
  }
}

function toDto(row: DeliveryRow, log: WebhookAttemptDto[]): WebhookDeliveryDto {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type as RecordEventType,
    status: row.status,
    attempts: row.attempts,
    ...(row.next_attempt_at && (row.status === 'pending' || row.status === 'failed') && { nextAttemptAt: row.next_attempt_at.toISOString() }),
    ...(row.last_error !== null && { lastError: row.last_error }),
    ...(row.delivered_at && { deliveredAt: row.delivered_at.toISOString() }),
    createdAt: row.created_at.toISOString(),
    log,
  };
}
