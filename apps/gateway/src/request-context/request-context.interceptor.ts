import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import type { Actor } from '@sigma/contracts';
import { RequestContext } from '@sigma/messaging';
import { traceIdOf } from '../observability/http-observability';

/** Runs the handler inside the request's context, so service calls and logs carry its id, trace id and actor. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
    const traceId = traceIdOf(request);
    const requestContext = { requestId: String(request.id), ...(traceId && { traceId }), ...(request.user && { actor: request.user }) };
    return new Observable((subscriber) =>
      RequestContext.run(requestContext, () => next.handle().subscribe(subscriber)),
    );
  }
}
