import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, from, type Observable, of, switchMap, throwError } from 'rxjs';
import { type Actor, DomainError, IDEMPOTENCY_KEY_MAX_LENGTH, type IdempotencyKeyRef } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';

const KEY_PATTERN = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

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
 * `Idempotency-Key` on a POST: the first request with a key runs and its response is stored (in
 * the records service, 24 h); a retry with the same key and body gets that response again
 * (header `Idempotent-Replayed: true`); another body → 422 idempotency-key-reused; a duplicate
 * while the first is in flight → 409. A request that fails stores nothing, so its retry runs again.
 * Keys are scoped by user, method and path.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly rpc: RpcClient) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Actor }>();
    const reply = http.getResponse<FastifyReply>();
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
    const ref: IdempotencyKeyRef = { scope: `${request.user?.userId ?? '-'} ${request.method} ${request.url.split('?')[0]}`, key };
    const requestHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');
    return from(this.rpc.request('records.idempotency.begin', { ...ref, requestHash })).pipe(
      switchMap((begun) => {
        if (begun.state === 'replay') {
          void reply.header('idempotent-replayed', 'true');
          return of(begun.body);
        }
        return next.handle().pipe(
          concatMap(async (body) => {
            // The write happened: failing to remember it must not turn its answer into an error.
            await this.rpc
              .request('records.idempotency.complete', { ...ref, status: reply.statusCode, body })
              .catch((error) => this.logger.warn(`could not store the response for key ${key}: ${String(error)}`));
            return body;
          }),
          catchError((error: unknown) =>
            from(this.rpc.request('records.idempotency.release', ref).catch(() => undefined)).pipe(switchMap(() => throwError(() => error))),
          ),
        );
      }),
    );
  }
}
