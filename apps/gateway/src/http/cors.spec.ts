import { loadConfig } from '@sigma/config';
import { GatewayConfig } from '../gateway.config';
import { corsOptions, corsOriginProblems, parseCorsOrigins } from './cors';

describe('CORS configuration', () => {
  it('is off unless CORS_ORIGINS names origins', () => {
    expect(loadConfig('gateway', GatewayConfig, {}).corsOrigins).toEqual([]);
    expect(loadConfig('gateway', GatewayConfig, { CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
    expect(loadConfig('gateway', GatewayConfig, { CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });

  it('refuses to start with something that is not an origin, naming it', () => {
    for (const bad of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'ftp://files.example.com', '*,https://a.example']) {
      expect(() => loadConfig('gateway', GatewayConfig, { CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
    expect(corsOriginProblems(parseCorsOrigins('https://a.example,nope'))).toEqual([
      "CORS_ORIGINS: 'nope' is not an origin like https://app.example.com (scheme, host, optional port; no path)",
    ]);
    expect(corsOriginProblems(['*'])).toEqual([]);
  });

  it('allows exactly the listed origins, or any with `*`, without credentials, exposing the headers clients read', () => {
    const options = corsOptions(['https://app.example.com']);
    expect(options).toMatchObject({ origin: ['https://app.example.com'], credentials: false });
    expect(options.exposedHeaders).toEqual(expect.arrayContaining(['Location', 'ETag', 'X-Total-Count', 'Retry-After']));
    expect(corsOptions(['*']).origin).toBe('*');
  });
});
