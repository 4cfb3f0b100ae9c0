import { loadConfig } from '@sigma/config';
import { McpConfig } from './config';

const load = (env: NodeJS.ProcessEnv) => loadConfig('mcp', McpConfig, env);

describe('McpConfig', () => {
  it('serves on 3001 and calls the gateway on PORT by default', () => {
    const config = load({});
    expect([config.MCP_PORT, config.apiUrl]).toEqual([3001, 'http://127.0.0.1:3000/api/v1']);
    expect(load({ PORT: '4000' }).apiUrl).toBe('http://127.0.0.1:4000/api/v1');
    expect(load({ SIGMA_API_URL: 'https://pim.example/api/v1/' }).apiUrl).toBe('https://pim.example/api/v1');
    expect(() => load({ SIGMA_API_URL: 'pim.example' })).toThrow(/SIGMA_API_URL: must be an http\(s\) URL/);
  });

  it('gives stdio the agent\'s API key, or the sign-in fallback, never both', () => {
    expect(load({ SIGMA_API_KEY: 'sk_12345678' }).stdioCredential()).toEqual({ credential: { kind: 'api-key', value: 'sk_12345678' } });
    expect(load({ SIGMA_USERNAME: 'agent', SIGMA_PASSWORD: 'agent-demo' }).stdioCredential()).toEqual({ login: { username: 'agent', password: 'agent-demo' } });
    expect(load({}).stdioCredential()).toEqual({ problem: "set SIGMA_API_KEY to the agent's API key (an admin creates one with POST /api-keys)" });
    expect(load({ SIGMA_API_KEY: 'sk_12345678', SIGMA_PASSWORD: 'agent-demo' }).stdioCredential()).toEqual({ problem: expect.stringContaining('not both') });
    expect(load({ SIGMA_USERNAME: 'agent' }).stdioCredential()).toEqual({ problem: 'SIGMA_USERNAME and SIGMA_PASSWORD go together' });
  });
});
