/**
 * How the MCP server authenticates to the Sigma PIM API. It never holds rights of its own: every
 * call carries the agent's credential, so the agent's own role decides what the API allows.
 */
import type { SigmaClientOptions } from '@sigma/sdk';

export type Credential =
  /** An API key (or an access token) sent as `Authorization: Bearer …`. */
  | { kind: 'bearer'; value: string }
  /** An API key sent as `X-API-Key: …`. */
  | { kind: 'api-key'; value: string };

/** What the SDK client sends: the agent's credential as it came, or a login it renews. */
export type ClientAuth = Pick<SigmaClientOptions, 'token' | 'apiKey' | 'renewToken'>;

export function credentialAuth(credential: Credential): ClientAuth {
  return credential.kind === 'api-key' ? { apiKey: credential.value } : { token: credential.value };
}

/** The credential an MCP HTTP request carries, passed through to the API as it came. */
export function credentialFromHeaders(headers: Record<string, string | string[] | undefined>): Credential | undefined {
  const apiKey = single(headers['x-api-key'])?.trim();
  if (apiKey) return { kind: 'api-key', value: apiKey };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  return match ? { kind: 'bearer', value: match[1] } : undefined;
}

/**
 * The documented fallback for a stdio setup without an API key (e.g. trying the demo `agent`
 * user): signs in (POST /auth/token, `login`) on first use and again when the access token
 * expires. A failed sign-in is not kept: the next call tries again.
 */
export function loginAuth(login: () => Promise<string>): ClientAuth & { token: () => Promise<string> } {
  let token: Promise<string> | undefined;
  const fresh = () => {
    const attempt = login();
    token = attempt;
    attempt.catch(() => {
      if (token === attempt) token = undefined;
    });
    return attempt;
  };
  return {
    token: () => token ?? fresh(),
    renewToken: async () => {
      await fresh();
      return true;
    },
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
