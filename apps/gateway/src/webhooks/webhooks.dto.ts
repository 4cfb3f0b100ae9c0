import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  type RecordEventType,
  WEBHOOK_DELIVERY_FILTERS,
  WEBHOOK_DELIVERY_LIST_DEFAULT_LIMIT,
  WEBHOOK_DELIVERY_LIST_MAX_LIMIT,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryStatus,
} from '@sigma/contracts';

const URL_RULE = { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true };
const URL_DESCRIPTION =
  'Where deliveries are POSTed. https only; http only for hosts in WEBHOOK_ALLOWED_HOSTS. Private, loopback and link-local addresses ' +
  '(and host names resolving to one) are refused unless allowlisted.';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.example.com/hooks/sigma', maxLength: 2000, description: URL_DESCRIPTION })
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: 'url must be an http(s) URL' })
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES, example: ['records.record.updated'], description: 'Record event types delivered' })
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `eventTypes must be among: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes: RecordEventType[];

  @ApiPropertyOptional({ minLength: 16, maxLength: 200, description: 'Signing secret; generated (whsec_…) when omitted. Shown only in this response' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'ERP price sync' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({ default: true, description: 'Inactive subscriptions receive nothing (events meanwhile are not queued for them)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://erp.example.com/hooks/sigma', maxLength: 2000, description: URL_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(URL_RULE, { message: 'url must be an http(s) URL' })
  url?: string;

  @ApiPropertyOptional({ type: [String], enum: WEBHOOK_EVENT_TYPES })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `eventTypes must be among: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes?: RecordEventType[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_FILTERS, description: 'pending: not tried yet; failed: retrying; dead: out of attempts (redeliver them); delivered' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_FILTERS)
  status?: WebhookDeliveryStatus;

  @ApiPropertyOptional({ type: 'integer', default: WEBHOOK_DELIVERY_LIST_DEFAULT_LIMIT, minimum: 1, maximum: WEBHOOK_DELIVERY_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(WEBHOOK_DELIVERY_LIST_MAX_LIMIT)
  limit = WEBHOOK_DELIVERY_LIST_DEFAULT_LIMIT;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class WebhookResponseDto {
  @ApiProperty({ example: 'whk_4fQk2mP9qX' })
  id: string;

  @ApiProperty({ example: 'https://erp.example.com/hooks/sigma' })
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENT_TYPES, example: ['records.record.updated'] })
  eventTypes: RecordEventType[];

  @ApiProperty({ example: true })
  active: boolean;

  @ApiPropertyOptional({ example: 'ERP price sync' })
  description?: string;

  @ApiProperty({ example: 'user-admin' })
  createdBy: string;

  @ApiProperty({ example: '2026-12-04T10:30:00.000Z', format: 'date-time' })
  createdAt: string;

  @ApiProperty({ example: '2026-12-04T10:30:00.000Z', format: 'date-time' })
  updatedAt: string;
}

export class CreatedWebhookDto extends WebhookResponseDto {
  @ApiProperty({
    example: 'whsec_q9X2mP4fQk7LwZ0cVt8RyN3sHa6JdE1u',
    description: 'The signing secret, shown this once. Verify Sigma-Signature `t=<unix>,v1=<hex>`: HMAC-SHA256 of `<t>.<raw body>` with it',
  })
  secret: string;
}

export class WebhookAttemptResponseDto {
  @ApiProperty({ example: 1, description: 'Counts from 1, again after a redelivery' })
  attempt: number;

  @ApiProperty({ example: '2026-12-04T10:30:01.000Z', format: 'date-time' })
  at: string;

  @ApiPropertyOptional({ example: 500, description: 'Absent when no answer came' })
  statusCode?: number;

  @ApiPropertyOptional({ example: 'timed out after 10000 ms' })
  error?: string;

  @ApiProperty({ example: 42 })
  durationMs: number;
}

export class WebhookDeliveryResponseDto {
  @ApiProperty({ example: 'whd_4fQk2mP9qXab' })
  id: string;

  @ApiProperty({ example: 'whk_4fQk2mP9qX' })
  subscriptionId: string;

  @ApiProperty({ example: 'evt_7Hk2mP9qLm', description: 'Sent as Sigma-Event-Id: the same on every attempt' })
  eventId: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, example: 'records.record.updated' })
  eventType: RecordEventType;

  @ApiProperty({ enum: WEBHOOK_DELIVERY_FILTERS, example: 'delivered' })
  status: WebhookDeliveryStatus;

  @ApiProperty({ example: 3, description: 'Attempts since it was queued (or last redelivered)' })
  attempts: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When pending or failed: the next attempt' })
  nextAttemptAt?: string;

  @ApiPropertyOptional({ example: 'HTTP 500' })
  lastError?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  deliveredAt?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: [WebhookAttemptResponseDto], description: 'The delivery log, oldest first (the latest 50 attempts)' })
  log: WebhookAttemptResponseDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryResponseDto] })
  items: WebhookDeliveryResponseDto[];

  @ApiProperty({ example: 1 })
  total: number;
}
