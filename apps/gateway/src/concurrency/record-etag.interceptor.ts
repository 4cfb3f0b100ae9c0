import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, tap } from 'rxjs';

/** The ETag of a record: its version, weak because `?resolved=true` shows the same version differently. */
export function recordEtag(version: number): string {
  return `W/"${version}"`;
}

function isVersioned(body: unknown): body is { id: string; version: number } {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { version?: unknown }).version === 'number';
}

/** Sets `ETag` on every single-record response (lists carry the version in each item). */
@Injectable()
export class RecordEtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((body) => {
        if (isVersioned(body)) void reply.header('etag', recordEtag(body.version));
      }),
    );
  }
}
