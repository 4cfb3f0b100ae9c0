import { RecordEvents, type RecordEventType } from '../records/events';

/** Event types a subscription may ask for: the record events of the RECORD_EVENTS stream. */
export const WEBHOOK_EVENT_TYPES: readonly RecordEventType[] = Object.values(RecordEvents);

export type WebhookDeliveryStatus = 'pending' | 'failed' | 'delivered' | 'dead';
/** Statuses a delivery list may filter by: `failed` = retrying after a failed attempt. */
export const WEBHOOK_DELIVERY_FILTERS = ['pending', 'failed', 'delivered', 'dead'] as const satisfies readonly WebhookDeliveryStatus[];

/** Headers of every delivery. */
export const WebhookHeaders = {
  /** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with the subscription's secret. */
  signature: 'Sigma-Signature',
  timestamp: 'Sigma-Timestamp',
  /** The record event's id: the same on every attempt and redelivery, for the receiver's dedupe. */
  eventId: 'Sigma-Event-Id',
  eventType: 'Sigma-Event-Type',
  deliveryId: 'Sigma-Delivery-Id',
} as const;

export interface WebhookSubscriptionDto {
  id: string;
  url: string;
  eventTypes: RecordEventType[];
  active: boolean;
  description?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** The creation answer: the only one carrying the secret. */
export interface CreatedWebhookSubscriptionDto extends WebhookSubscriptionDto {
  secret: string;
}

export interface CreateWebhookSubscriptionRequest {
  url: string;
  eventTypes: RecordEventType[];
  /** Generated (whsec_…) when omitted. */
  secret?: string;
  description?: string;
  active?: boolean;
}

export interface UpdateWebhookSubscriptionRequest {
  id: string;
  url?: string;
  eventTypes?: RecordEventType[];
  description?: string;
  active?: boolean;
}

export interface WebhookAttemptDto {
  attempt: number;
  at: string;
  /** HTTP status of the answer; absent when none came (refused address, timeout, connection error). */
  statusCode?: number;
  error?: string;
  durationMs: number;
}

export interface WebhookDeliveryDto {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: RecordEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  deliveredAt?: string;
  createdAt: string;
  /** The delivery log, oldest first. */
  log: WebhookAttemptDto[];
}

export interface WebhookDeliveryListRequest {
  subscriptionId: string;
  status?: WebhookDeliveryStatus;
  limit: number;
  offset: number;
}

export interface WebhookDeliveryPage {
  items: WebhookDeliveryDto[];
  total: number;
}

export const WEBHOOK_DELIVERY_LIST_DEFAULT_LIMIT = 50;
export const WEBHOOK_DELIVERY_LIST_MAX_LIMIT = 200;
/** A delivery log keeps at most this many attempts (the latest); attempts counts them all. */
export const WEBHOOK_LOG_MAX_ATTEMPTS = 50;
export const WEBHOOK_SUBSCRIPTIONS_MAX = 100;
