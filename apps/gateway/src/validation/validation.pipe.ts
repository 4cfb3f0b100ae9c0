import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type ValidationIssue } from '@sigma/contracts';

/**
 * Global input validation: unknown fields are rejected, and every broken rule comes back
 * as a ValidationIssue naming the field, like the domain's own validation errors.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => DomainError.validation(errors.flatMap((error) => toIssues(error, ''))),
  });
}

export function toIssues(error: ValidationError, parent: string): ValidationIssue[] {
  const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
    field,
    rule: rule === 'whitelistValidation' ? 'unknown-property' : rule,
    message: rule === 'whitelistValidation' ? `property ${field} is not allowed` : message,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => toIssues(child, field))];
}
