/**
 * How the MCP server authenticates to the Sigma PIM API. It never holds rights of its own: every
 * call carries the agent's credential, so the agent's own role decides what the API allows.
 */
export type Credential =
  /** An access token (JWT) or an API key sent as `Authorization: Bearer …`. */
  | { kind: 'bearer'; value: string }
  /** An API key sent as `X-API-Key: …`. */
  | { kind: 'api-key'; value: string };

/** Where each API call gets its credential; a source that can log in again renews on a 401. */
export interface CredentialSource {
  current(): Promise<Credential>;
  /** Called once after a 401; true when a fresh credential is worth one retry. */
  renew(): Promise<boolean>;
}

export function credentialHeaders(credential: Credential): Record<string, string> {
  return credential.kind === 'bearer' ? { authorization: `Bearer ${credential.value}` } : { 'x-api-key': credential.value };
}

/** The credential an MCP HTTP request carries, passed through to the API as it came. */
export function credentialFromHeaders(headers: Record<string, string | string[] | undefined>): Credential | undefined {
  const apiKey = single(headers['x-api-key'])?.trim();
  if (apiKey) return { kind: 'api-key', value: apiKey };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  return match ? { kind: 'bearer', value: match[1] } : undefined;
}

export function fixedCredential(credential: Credential): CredentialSource {
  return { current: async () => credential, renew: async () => false };
}

/**
 * Logs in with a username and password (POST /auth/token) on first use and again when a token
 * expires, for stdio setups that have no API key; `login` is the API module's token request.
 */
export function loginCredential(login: () => Promise<string>): CredentialSource {
  let token: Promise<string> | undefined;
  const fresh = () => {
    token = login();
    // A failed login is not cached: the next call tries again.
    token.catch(() => (token = undefined));
    return token;
  };
  return {
    current: async () => ({ kind: 'bearer', value: await (token ?? fresh()) }),
    renew: async () => {
      await fresh();
      return true;
    },
  };
}

/**
 * The caller a JWT names (`sub`, `username`, `roles`), read without verifying: the API verifies
 * every call; this only fills message authorship while the API has no GET /me.
 */
export function claimsOf(credential: Credential): { userId?: string; username?: string; roles: string[] } {
  const payload = credential.kind === 'bearer' ? credential.value.split('.')[1] : undefined;
  if (!payload) return { roles: [] };
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    return {
      userId: typeof claims.sub === 'string' ? claims.sub : undefined,
      username: typeof claims.username === 'string' ? claims.username : undefined,
      roles: Array.isArray(claims.roles) ? claims.roles.filter((role): role is string => typeof role === 'string') : [],
    };
  } catch {
    return { roles: [] };
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
