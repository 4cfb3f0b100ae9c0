import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCodes } from '@sigma/contracts';
import { toHttpError } from './http-error';

/** The single place where errors become HTTP responses. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toHttpError(exception);
    if (body.statusCode >= 500) {
      if (exception instanceof DomainError && exception.code !== ErrorCodes.internal) {
        // Expected outcomes (a service down or slow: 503/504): one line, no stack.
        const request = host.switchToHttp().getRequest<FastifyRequest>();
        this.logger.warn(`${request.method} ${request.url} ${body.statusCode} ${exception.code}: ${exception.message}`);
      } else {
        this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      }
    }
    void reply.status(body.statusCode).send(body);
  }
}
