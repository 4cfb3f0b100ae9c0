import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiPreconditionFailedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, ErrorCodes } from '@sigma/contracts';

/**
 * The version an If-Match header names: `W/"7"`, `"7"` or `7` (weak comparison: the ETag is the
 * record version). None or `*`: undefined (no check). Anything else can never match: 412.
 */
export function expectedVersionFrom(header: string | string[] | undefined): number | undefined {
  const value = (Array.isArray(header) ? header.join(',') : header)?.trim();
  if (!value || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value);
  if (!match) {
    throw new DomainError(ErrorCodes.preconditionFailed, 'If-Match must name one record version, e.g. W/"3" (the ETag of the record)', {
      ifMatch: value,
    });
  }
  return Number(match[1]);
}

/** The If-Match header as the record version a write expects. */
export const IfMatchVersion = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined =>
  expectedVersionFrom(context.switchToHttp().getRequest<FastifyRequest>().headers['if-match']),
);

/** OpenAPI for a write that honours If-Match. */
export const ApiIfMatch = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'Optimistic concurrency: the ETag of the record as read (W/"<version>"). The write applies only if the record is still at ' +
        'that version, checked under the row lock; else 412 (code precondition-failed) and nothing changes. Without it, ' +
        'concurrent writes are serialised on the record and none is lost.',
    }),
    ApiPreconditionFailedResponse({ description: 'If-Match names a version the record is no longer at (code precondition-failed)' }),
  );
