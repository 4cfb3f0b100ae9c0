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
