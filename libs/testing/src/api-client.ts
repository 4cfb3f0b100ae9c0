export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export const DEMO_ROLES = ['admin', 'editor', 'reviewer', 'viewer', 'agent'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/** A thin fetch wrapper for e2e tests: JSON in, JSON out, tokens of the demo users cached. */
export class ApiClient {
  private readonly tokens = new Map<string, { value: string; until: number }>();

  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. the docs page)
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Token of a demo user (`<role>` / `<role>-demo`), renewed a minute before it expires (access tokens are short). */
  async token(user: DemoRole | string): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached && cached.until > Date.now()) return cached.value;
    const response = await this.request('POST', '/auth/token', { body: { username: user, password: `${user}-demo` } });
    if (response.status !== 200) throw new Error(`Login as ${user} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.tokens.set(user, { value: response.body.accessToken, until: Date.now() + (response.body.expiresIn - 60) * 1000 });
    return response.body.accessToken;
  }

  async as<T = any>(user: DemoRole | string, method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>(method, path, { body, token: await this.token(user) });
  }
}
