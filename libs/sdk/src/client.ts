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
  /** An access token from POST /auth/token, or a function giving the current one (called per request). */
  token?: string | (() => string | Promise<string>);
  /** An API key, sent as `X-API-Key`. */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Another fetch (tests, proxies); the global one by default. */
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
  const client = createClient<paths>({ baseUrl: options.baseUrl, headers: options.headers, ...(options.fetch && { fetch: options.fetch }) });
  const { token, apiKey } = options;
  if (token !== undefined || apiKey !== undefined) {
    const auth: Middleware = {
      async onRequest({ request }) {
        if (apiKey !== undefined) request.headers.set('x-api-key', apiKey);
        else request.headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/** Signs in with a username and password (POST /auth/token) and returns a client that sends the token. */
export async function signIn(options: Omit<SigmaClientOptions, 'token' | 'apiKey'> & { username: string; password: string }): Promise<SigmaClient> {
  const { username, password, ...rest } = options;
  const { data, error, response } = await createSigmaClient(rest).POST('/auth/token', { body: { username, password } });
  if (!data) throw new Error(`Sign-in as ${username} failed: ${response.status} ${error?.message ?? ''}`.trim());
  return createSigmaClient({ ...rest, token: data.accessToken });
}
