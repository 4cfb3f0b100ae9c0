import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiCreated } from '../openapi/responses';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  UpdateWebhookDto,
  WebhookDeliveryPageDto,
  WebhookDeliveryResponseDto,
  WebhookResponseDto,
} from './webhooks.dto';

const ADMIN_ONLY = 'Needs webhooks:manage (role-admin only).';
const FORBIDDEN = 'Role may not manage webhooks';

@ApiTags('webhooks')
@Controller('webhooks')
@RequirePermission(Permissions.webhooksManage)
export class WebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to record events',
    description:
      'Each matching record event is POSTed as JSON (the event itself) with `Sigma-Signature: t=<unix>,v1=<hex>` (HMAC-SHA256 of ' +
      '`<t>.<raw body>` keyed with the secret), `Sigma-Timestamp` and `Sigma-Event-Id` (the same on every attempt: dedupe on it, ' +
      'delivery is at least once). Any 2xx accepts; anything else is retried with exponential backoff and, after ' +
      `WEBHOOK_MAX_ATTEMPTS (8) attempts, listed as dead. The secret is in this response only. ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: CreateWebhookDto })
  @ApiCreated(CreatedWebhookDto, { description: 'The subscription with its secret, shown this once', location: (created: CreatedWebhookDto) => `webhooks/${created.id}` })
  @ApiBadRequestResponse({ description: 'Invalid url (not https, or a private, loopback or link-local target not allowlisted) or eventTypes' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiConflictResponse({ description: 'Too many subscriptions' })
  create(@Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.rpc.request('webhooks.subscription.create', {
      url: body.url,
      eventTypes: body.eventTypes,
      ...(body.secret !== undefined && { secret: body.secret }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.active !== undefined && { active: body.active }),
    });
  }

  @Get()
  @ApiOperation({ summary: 'List webhook subscriptions', description: `Oldest first, never their secrets. ${ADMIN_ONLY}` })
  @ApiOkResponse({ type: [WebhookResponseDto] })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  list(): Promise<WebhookResponseDto[]> {
    return this.rpc.request('webhooks.subscription.list', {});
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook subscription', description: ADMIN_ONLY })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown webhook id' })
  get(@Param('id') id: string): Promise<WebhookResponseDto> {
    return this.rpc.request('webhooks.subscription.get', { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a webhook subscription', description: `Only the fields given change; the secret cannot. ${ADMIN_ONLY}` })
  @ApiBody({ type: UpdateWebhookDto })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiBadRequestResponse({ description: 'Invalid url or eventTypes' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown webhook id' })
  update(@Param('id') id: string, @Body() body: UpdateWebhookDto): Promise<WebhookResponseDto> {
    return this.rpc.request('webhooks.subscription.update', {
      id,
      ...(body.url !== undefined && { url: body.url }),
      ...(body.eventTypes !== undefined && { eventTypes: body.eventTypes }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.active !== undefined && { active: body.active }),
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook subscription', description: `With its deliveries and their log; nothing more is sent. ${ADMIN_ONLY}` })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown webhook id' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.rpc.request('webhooks.subscription.delete', { id });
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'List deliveries with their log',
    description: `Newest first; \`status=dead\` is the dead-letter list, \`failed\` those being retried. Each carries its attempts (the delivery log). ${ADMIN_ONLY}`,
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiBadRequestResponse({ description: 'Invalid status, limit or offset' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown webhook id' })
  deliveries(@Param('id') id: string, @Query() query: ListDeliveriesQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.rpc.request('webhooks.delivery.list', { subscriptionId: id, status: query.status, limit: query.limit, offset: query.offset });
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a delivery again',
    description: `A dead (or delivered) delivery is queued again with a fresh attempt budget, same event id and body; its log keeps the old attempts. ${ADMIN_ONLY}`,
  })
  @ApiOkResponse({ type: WebhookDeliveryResponseDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown webhook or delivery id' })
  @ApiConflictResponse({ description: 'The delivery is still pending or being retried' })
  redeliver(@Param('id') id: string, @Param('deliveryId') deliveryId: string): Promise<WebhookDeliveryResponseDto> {
    return this.rpc.request('webhooks.delivery.redeliver', { subscriptionId: id, deliveryId });
  }
}
