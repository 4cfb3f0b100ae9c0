import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IDEMPOTENCY_KEY_TTL_HOURS, type Subject } from '@sigma/contracts';
import { IDEMPOTENT_SUBJECT, IdempotencyInterceptor } from './idempotency.interceptor';

/** Honours `Idempotency-Key` on this POST for the write behind `subject` (see IdempotencyInterceptor), documented in the OpenAPI. */
export const Idempotent = (subject: Subject): MethodDecorator =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_SUBJECT, subject),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        `Optional, 1..${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters, scoped to your user and this endpoint, kept ${IDEMPOTENCY_KEY_TTL_HOURS} h. ` +
        'The key is stored with the write itself, in one transaction: a retry with the same key and body returns the first result ' +
        '(with `Idempotent-Replayed: true`) without running the request again — also after a 504, a dropped connection or a crash, ' +
        'once the first request committed. A duplicate sent while the first still runs waits for it and gets its result. ' +
        'The same key with another body is 422 (code idempotency-key-reused). A request that failed stores nothing, so retrying it runs it again.',
    }),
    ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with a different body (code idempotency-key-reused)' }),
  );
