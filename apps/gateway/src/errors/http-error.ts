import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type ErrorCode, ErrorCodes, type ErrorDetails } from '@sigma/contracts';

/** The one error shape every endpoint answers with (docs/product-decisions.md "Conventions"); `details` is typed by `code` (ErrorDetailsMap). */
export interface HttpErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: ErrorCode;
  details?: ErrorDetails<ErrorCode>;
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCodes.validationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCodes.unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorCodes.forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCodes.skuLimitReached]: HttpStatus.FORBIDDEN,
  [ErrorCodes.notFound]: HttpStatus.NOT_FOUND,
  [ErrorCodes.conflict]: HttpStatus.CONFLICT,
  [ErrorCodes.staleWrite]: HttpStatus.CONFLICT,
  [ErrorCodes.staleChange]: HttpStatus.CONFLICT,
  [ErrorCodes.preconditionFailed]: HttpStatus.PRECONDITION_FAILED,
  [ErrorCodes.idempotencyKeyReused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCodes.payloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [ErrorCodes.rateLimited]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCodes.gateFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorCodes.serviceUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCodes.timeout]: HttpStatus.GATEWAY_TIMEOUT,
  [ErrorCodes.internal]: HttpStatus.INTERNAL_SERVER_ERROR,
};

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCodes.validationFailed,
  401: ErrorCodes.unauthorized,
  403: ErrorCodes.forbidden,
  404: ErrorCodes.notFound,
  409: ErrorCodes.conflict,
  412: ErrorCodes.preconditionFailed,
  413: ErrorCodes.payloadTooLarge,
  422: ErrorCodes.gateFailed,
};

export function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join(' ')
    : 'Error';
}

/** Maps anything thrown while serving a request to the HTTP error shape. Unknown errors say nothing of their cause. */
export function toHttpError(exception: unknown): HttpErrorBody {
  if (exception instanceof DomainError) {
    return fromDomainError(exception);
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? exception.message);
    const code = CODE_BY_STATUS[statusCode];
    return { statusCode, error: reasonPhrase(statusCode), message, ...(code && { code }) };
  }
  const status = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Errors raised by Fastify itself (malformed JSON, body too large, wrong content type).
    const code = CODE_BY_STATUS[status];
    return { statusCode: status, error: reasonPhrase(status), message: (exception as Error).message, ...(code && { code }) };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error', code: ErrorCodes.internal };
}

function fromDomainError(exception: DomainError): HttpErrorBody {
  return httpError(exception.code, exception.message, exception.details);
}

/**
 * The HTTP body of a domain error: status and reason phrase follow from the code, `details` is
 * typed by it. Also builds the error examples of the OpenAPI document, so they cannot drift.
 */
export function httpError<C extends ErrorCode>(code: C, message: string, details?: ErrorDetails<C>): HttpErrorBody {
  const statusCode = STATUS_BY_CODE[code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
  return {
    statusCode,
    error: reasonPhrase(statusCode),
    message: statusCode >= 500 && code === ErrorCodes.internal ? 'Internal server error' : message,
    code,
    ...(details !== undefined && { details }),
  };
}
