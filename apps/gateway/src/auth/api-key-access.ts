import type { RoleId } from '@sigma/contracts';
import { CredentialPrefixes } from './credentials';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The API key a request presents: `X-API-Key: <key>`, or `Authorization: Bearer <key>` when the
 * bearer value has the key prefix (anything else there is a JWT). X-API-Key wins when both are sent.
 * Undefined when the request presents no API key.
 */
export function apiKeyFrom(headers: Headers): string | undefined {
  const header = headers['x-api-key'];
  if (header !== undefined) return Array.isArray(header) ? (header[0] ?? '') : header;
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match && match[1].startsWith(CredentialPrefixes.apiKey) ? match[1] : undefined;
}

/** What a key may do: its role, if its owner still holds it; nothing otherwise. */
export function apiKeyRoles(keyRole: RoleId, ownerRoles: readonly RoleId[]): RoleId[] {
  return ownerRoles.includes(keyRole) ? [keyRole] : [];
}
