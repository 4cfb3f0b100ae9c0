import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Observable, tap } from 'rxjs';
import { API_PREFIX } from '../api-prefix';
import { LOCATION_METADATA, type LocationOf } from '../openapi/responses';

/**
 * Sets `Location` on the responses of routes declared with ApiCreated. Global, so it wraps the
 * idempotency interceptor and a replayed 201 carries the same Location as the first.
 */
@Injectable()
export class LocationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const locate = this.reflector.get<LocationOf<unknown> | undefined>(LOCATION_METADATA, context.getHandler());
    if (!locate) return next.handle();
    const http = context.switchToHttp();
    const params = http.getRequest<FastifyRequest<{ Params: Record<string, string> }>>().params;
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((created) => {
        const path = locate(created, params ?? {})
          .split('/')
          .map(encodeURIComponent)
          .join('/');
        void reply.header('location', `/${API_PREFIX}/${path}`);
      }),
    );
  }
}
