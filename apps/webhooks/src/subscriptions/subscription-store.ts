import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  type CreatedWebhookSubscriptionDto,
  type CreateWebhookSubscriptionRequest,
  DomainError,
  generateId,
  type RecordEventType,
  type UpdateWebhookSubscriptionRequest,
  WEBHOOK_SUBSCRIPTIONS_MAX,
  type WebhookSubscriptionDto,
} from '@sigma/contracts';
import { parseAllowedHosts, urlProblem } from '../domain/address-policy';
import { WebhooksConfig } from '../webhooks.settings';

interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string[];
  secret: string;
  active: boolean;
  description: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

/** A subscription as the worker needs it, secret included. */
export interface Subscription extends WebhookSubscriptionDto {
  secret: string;
}

const COLUMNS = 'id, url, event_types, secret, active, description, created_by, created_at, updated_at';

@Injectable()
export class SubscriptionStore {
  private readonly allowedHosts: Set<string>;

  constructor(
    private readonly dataSource: DataSource,
    config: WebhooksConfig,
  ) {
    this.allowedHosts = parseAllowedHosts(config.WEBHOOK_ALLOWED_HOSTS);
  }

  async create(request: CreateWebhookSubscriptionRequest, createdBy: string): Promise<CreatedWebhookSubscriptionDto> {
    this.checkUrl(request.url);
    const [{ count }] = (await this.dataSource.query('SELECT count(*)::int AS count FROM subscription')) as { count: number }[];
    if (count >= WEBHOOK_SUBSCRIPTIONS_MAX) throw DomainError.conflict(`At most ${WEBHOOK_SUBSCRIPTIONS_MAX} subscriptions`, { limit: WEBHOOK_SUBSCRIPTIONS_MAX, count });
    const secret = request.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const [row] = (await this.dataSource.query(
      `INSERT INTO subscription (id, url, event_types, secret, active, description, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [generateId('whk_'), request.url, request.eventTypes, secret, request.active ?? true, request.description ?? null, createdBy],
    )) as SubscriptionRow[];
    return { ...toDto(row), secret };
  }

  async list(): Promise<WebhookSubscriptionDto[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM subscription ORDER BY created_at, id`)) as SubscriptionRow[];
    return rows.map(toDto);
  }

  async get(id: string): Promise<WebhookSubscriptionDto> {
    return toDto(await this.row(id));
  }

  /** Every subscription with its secret, for matching events and signing. */
  async all(): Promise<Subscription[]> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM subscription`)) as SubscriptionRow[];
    return rows.map((row) => ({ ...toDto(row), secret: row.secret }));
  }

  async update(request: UpdateWebhookSubscriptionRequest): Promise<WebhookSubscriptionDto> {
    if (request.url !== undefined) this.checkUrl(request.url);
    const rows = (await this.dataSource.query(
      `UPDATE subscription SET url = COALESCE($2, url), event_types = COALESCE($3, event_types), active = COALESCE($4, active),
              description = COALESCE($5, description), updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [request.id, request.url ?? null, request.eventTypes ?? null, request.active ?? null, request.description ?? null],
    )) as [SubscriptionRow[], number];
    const [row] = rows[0];
    if (!row) throw DomainError.notFound('webhook', request.id);
    return toDto(row);
  }

  async delete(id: string): Promise<{ deleted: true }> {
    const [, count] = (await this.dataSource.query('DELETE FROM subscription WHERE id = $1', [id])) as [unknown, number];
    if (count === 0) throw DomainError.notFound('webhook', id);
    return { deleted: true };
  }

  private async row(id: string): Promise<SubscriptionRow> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM subscription WHERE id = $1`, [id])) as SubscriptionRow[];
    if (!row) throw DomainError.notFound('webhook', id);
    return row;
  }

  private checkUrl(url: string): void {
    const problem = urlProblem(url, this.allowedHosts);
    if (problem) throw DomainError.validation([{ field: 'url', rule: 'webhook-url', message: `url ${problem}` }]);
  }
}

function toDto(row: SubscriptionRow): WebhookSubscriptionDto {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.event_types as RecordEventType[],
    active: row.active,
    ...(row.description !== null && { description: row.description }),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
