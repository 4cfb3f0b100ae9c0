import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_TTL_HOURS } from '@sigma/contracts';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** Honours `Idempotency-Key` on this POST (see IdempotencyInterceptor), documented in the OpenAPI. */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        `Optional, 1..${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, scoped to your user and this endpoint, kept ${IDEMPOTENCY_KEY_TTL_HOURS} h. ` +
        'A retry with the same key and body returns the first response (with `Idempotent-Replayed: true`) without running the request again; ' +
        'the same key with another body is 422 (code idempotency-key-reused); a retry while the first is still running is 409. ' +
        'A request that failed is not remembered, so retrying it runs it again.',
    }),
    ApiConflictResponse({ description: 'A request with the same Idempotency-Key is still in progress' }),
    ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body (code idempotency-key-reused)' }),
  );
