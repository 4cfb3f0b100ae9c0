import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, tap, throwError } from 'rxjs';
import { type Actor, DomainError, IDEMPOTENCY_KEY_MAX_LENGTH, type IdempotencyRef, type Subject } from '@sigma/contracts';
import { ReplyMeta, type ReplyMetaState, RequestContext } from '@sigma/messaging';

const KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);
export const IDEMPOTENT_SUBJECT = 'sigma:idempotent-subject';

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `Idempotency-Key` on a POST. The gateway keeps no state: it checks the key, scopes it by user,
 * method and path, hashes the body, and hands all of it to the service that owns the write (in the
 * request context), which stores the key with the write in one transaction. When the service answers
 * with the stored result of an earlier request, the reply says so and becomes `Idempotent-Replayed: true`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Actor }>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_PATTERN.test(key)) {
      return throwError(() =>
        DomainError.validation([
          { field: 'Idempotency-Key', rule: 'format', message: `must be 1..${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters` },
        ]),
      );
    }
    const subject = this.reflector.get<Subject>(IDEMPOTENT_SUBJECT, context.getHandler());
    const idempotency: IdempotencyRef = {
      subject,
      scope: `${request.user?.userId ?? '-'} ${request.method} ${request.url.split('?')[0]}`,
      key,
      requestHash: createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex'),
    };
    const reply = http.getResponse<FastifyReply>();
    const meta: ReplyMetaState = {};
    const requestContext = { ...(RequestContext.current() ?? { requestId: String(request.id) }), idempotency };
    const handled = new Observable<unknown>((subscriber) =>
      RequestContext.run(requestContext, () => ReplyMeta.run(meta, () => next.handle().subscribe(subscriber))),
    );
    return handled.pipe(
      tap(() => {
        if (meta.replayed) void reply.header('idempotent-replayed', 'true');
      }),
    );
  }
}
