import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './generated/openapi';

/** The typed client: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` over the paths of the document. */
export type SigmaClient = Client<paths>;
/** The document's component schemas by name, e.g. `Schemas['ChangeSet']`, `Schemas['ErrorBody']`. */
export type Schemas = components['schemas'];
export type { components, operations, paths };

export interface SigmaClientOptions {
  /** The API root, e.g. `http://localhost:3000/api/v1` (the document's server URL). */
  baseUrl: string;
  /**
   * An access token from POST /auth/token, or a function giving the current one (called per
   * request; `undefined`: send that request without one).
   */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** An API key, sent as `X-API-Key`. */
  apiKey?: string;
  /**
   * Called once when the API answers 401 to a request that carried a token (it expired or was
   * revoked): resolve true once `token` gives a fresh one (POST /auth/refresh, or signing in
   * again) and the request is sent once more with it; false leaves the 401 as the answer.
   */
  renewToken?: () => Promise<boolean>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Another fetch (tests, proxies, timeouts); the global one by default. */
  fetch?: ClientOptions['fetch'];
}

/**
 * A typed client of the Sigma PIM API: paths, parameters, bodies, responses and errors all come
 * from the OpenAPI document (`libs/sdk/openapi.json`), so a call the API does not allow does not compile.
 *
 *   const sigma = createSigmaClient({ baseUrl: 'http://localhost:3000/api/v1', token });
 *   const { data, error } = await sigma.GET('/records/{id}', { params: { path: { id: 'ent-001' } } });
 */
export function createSigmaClient(options: SigmaClientOptions): SigmaClient {
  if (options.token !== undefined && options.apiKey !== undefined) throw new Error('createSigmaClient: pass token or apiKey, not both');
  if (options.renewToken && options.token === undefined) throw new Error('createSigmaClient: renewToken needs token');
  const client = createClient<paths>({ baseUrl: options.baseUrl, headers: options.headers, ...(options.fetch && { fetch: options.fetch }) });
  if (options.token !== undefined || options.apiKey !== undefined) client.use(authMiddleware(options));
  return client;
}

function authMiddleware({ token, apiKey, renewToken }: SigmaClientOptions): Middleware {
  const currentToken = async () => (typeof token === 'function' ? await token() : token);
  // Bodies are streams, read once by fetch: a request that may be sent again is kept as a copy.
  const copies = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      if (apiKey !== undefined) {
        request.headers.set('x-api-key', apiKey);
        return request;
      }
      const value = await currentToken();
      if (value === undefined) return request;
      request.headers.set('authorization', `Bearer ${value}`);
      if (renewToken) copies.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const copy = copies.get(id);
      copies.delete(id);
      if (!copy || response.status !== 401 || !renewToken || !(await renewToken())) return undefined;
      const value = await currentToken();
      if (value === undefined) return undefined;
      copy.headers.set('authorization', `Bearer ${value}`);
      return options.fetch(copy);
    },
    onError({ id }) {
      copies.delete(id);
    },
  };
}

/** Signs in with a username and password (POST /auth/token) and returns a client that sends the token. */
export async function signIn(options: Omit<SigmaClientOptions, 'token' | 'apiKey' | 'renewToken'> & { username: string; password: string }): Promise<SigmaClient> {
  const { username, password, ...rest } = options;
  const { data, error, response } = await createSigmaClient(rest).POST('/auth/token', { body: { username, password } });
  if (!data) throw new Error(`Sign-in as ${username} failed: ${response.status} ${error?.message ?? ''}`.trim());
  return createSigmaClient({ ...rest, token: data.accessToken });
}
