import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Whether a request's Cache-Control asks for the current version rather than a cached one (RFC 9111 request directives). */
export function readsThrough(cacheControl: string | undefined): boolean {
  if (!cacheControl) return false;
  return cacheControl
    .toLowerCase()
    .split(',')
    .some((directive) => {
      const [name, value] = directive.trim().split('=');
      return name === 'no-cache' || name === 'no-store' || (name === 'max-age' && Number(value?.replace(/"/g, '')) === 0);
    });
}

/** The handler parameter: whether the request asks to read through the cache (documented with ApiHeader, not as a required header). */
export const ReadsThrough = createParamDecorator((_data: unknown, context: ExecutionContext): boolean =>
  readsThrough(context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['cache-control']),
);
