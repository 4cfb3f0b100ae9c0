/**
 * Type-level test of the typed error details, checked by `npm run lint` (tsc): every
 * `@ts-expect-error` below must meet a compile error. Never run; the build leaves test/ out.
 */
import { DomainError, type DomainErrorBody, ErrorCodes } from '../src/errors';

export const accepted = [
  DomainError.notFound('Record', 'ent-001'),
  DomainError.validation([{ field: 'values.price[0].value', rule: 'dataType', message: 'must be a finite number' }]),
  DomainError.conflict('Not a draft', { status: 'applied', allowed: ['draft'] }),
  new DomainError(ErrorCodes.preconditionFailed, 'stale', { recordId: 'ent-001', currentVersion: 3, expectedVersion: 2 }),
  new DomainError(ErrorCodes.notFound, 'not assigned', { recordId: 'ent-001', categoryId: 'cat-1' }),
  new DomainError(ErrorCodes.skuLimitReached, 'limit', { limit: 10, count: 10 }),
  new DomainError(ErrorCodes.unauthorized, 'no token'),
];

export const rejected = [
  // @ts-expect-error validation-failed details are ValidationIssue[]
  new DomainError(ErrorCodes.validationFailed, 'bad', { field: 'x' }),
  // @ts-expect-error precondition-failed details name the record and both versions
  new DomainError(ErrorCodes.preconditionFailed, 'stale', { recordId: 'ent-001', version: 3 }),
  // @ts-expect-error not-found details are ids under `<thing>Id` keys
  new DomainError(ErrorCodes.notFound, 'gone', { record: 'ent-001' }),
  // @ts-expect-error unauthorized carries no details
  new DomainError(ErrorCodes.unauthorized, 'no token', { reason: 'expired' }),
  // @ts-expect-error sku-limit-reached needs the limit and the count
  new DomainError(ErrorCodes.skuLimitReached, 'limit', { limit: 10 }),
  // @ts-expect-error conflict facts are plain values, not nested objects
  DomainError.conflict('Not a draft', { status: { current: 'applied' } }),
];

/** On the wire the code still decides the type of details. */
export function detailsOf(body: DomainErrorBody): number | undefined {
  if (body.code === ErrorCodes.skuLimitReached) return body.details?.limit;
  // @ts-expect-error rate-limited details have no `limit`
  if (body.code === ErrorCodes.rateLimited) return body.details?.limit;
  return undefined;
}
