// Scope canonicalization is shared by every service (libs/contracts); re-exported for the records domain.
export { isGlobalScope, normalizeScope, scopeKey } from '@sigma/contracts';
