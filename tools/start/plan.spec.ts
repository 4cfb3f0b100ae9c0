import {
  APPS,
  appEnvironment,
  childEnvironment,
  localPorts,
  metricsPortFor,
  planSubjectPrefix,
  prefixFromDatabase,
  needsProbes,
  planInfrastructure,
  productionProblems,
  readyBanner,
  resolveApps,
  selectApps,
} from './plan';

const ports = { postgres: 5432, nats: 4222 };
const nothing = { postgresAnswers: false, natsAnswers: false };
const both = { postgresAnswers: true, natsAnswers: true };

describe('planInfrastructure', () => {
  it('starts embedded PostgreSQL and nats-server when nothing is configured or running', () => {
    expect(planInfrastructure({}, ports, nothing)).toEqual({
      postgres: { kind: 'embedded', port: 5432 },
      nats: { kind: 'start', port: 4222 },
    });
  });

  it('uses what already answers on the local ports', () => {
    expect(planInfrastructure({}, ports, both)).toEqual({
      postgres: { kind: 'running', url: 'postgres://postgres@127.0.0.1:5432/sigma_pim' },
      nats: { kind: 'running', url: 'nats://127.0.0.1:4222' },
    });
  });

  it('probes and starts on the alternate local ports', () => {
    const alt = localPorts({ EMBEDDED_PG_PORT: '55432', EMBEDDED_NATS_PORT: '14222' });
    expect(planInfrastructure({}, alt, { postgresAnswers: true, natsAnswers: false })).toEqual({
      postgres: { kind: 'running', url: 'postgres://postgres@127.0.0.1:55432/sigma_pim' },
      nats: { kind: 'start', port: 14222 },
    });
  });

  it('always prefers explicit URLs, whatever the probes say', () => {
    const env = { DATABASE_URL: 'postgres://u@db:5432/x', NATS_URL: 'nats://n:4222' };
    for (const probes of [nothing, both]) {
      expect(planInfrastructure(env, ports, probes)).toEqual({
        postgres: { kind: 'configured', url: 'postgres://u@db:5432/x' },
        nats: { kind: 'configured', url: 'nats://n:4222' },
      });
    }
  });

  it('treats an empty variable as unset', () => {
    expect(planInfrastructure({ DATABASE_URL: ' ', NATS_URL: '' }, ports, nothing).postgres.kind).toBe('embedded');
  });

  it('never falls back to local infrastructure in production', () => {
    expect(() => planInfrastructure({ NODE_ENV: 'production' }, ports, both)).toThrow(/DATABASE_URL is required/);
    expect(() => planInfrastructure({ NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y' }, ports, both)).toThrow(
      /NATS_URL is required/,
    );
  });
});

describe('productionProblems', () => {
  it('is empty outside production', () => {
    expect(productionProblems({})).toEqual([]);
    expect(productionProblems({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('names every missing variable in production', () => {
    expect(productionProblems({ NODE_ENV: 'production', NATS_URL: 'nats://n:4222' })).toEqual([
      'DATABASE_URL is required when NODE_ENV=production',
      'JWT_SECRET is required when NODE_ENV=production',
    ]);
  });

  it('passes when production is fully configured', () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', NATS_URL: 'nats://n:4222', JWT_SECRET: 's'.repeat(32) };
    expect(productionProblems(env)).toEqual([]);
  });
});

describe('needsProbes', () => {
  it('probes only when something is left to discover, and never in production', () => {
    expect(needsProbes({})).toBe(true);
    expect(needsProbes({ DATABASE_URL: 'postgres://x/y' })).toBe(true);
    expect(needsProbes({ DATABASE_URL: 'postgres://x/y', NATS_URL: 'nats://n' })).toBe(false);
    expect(needsProbes({ NODE_ENV: 'production' })).toBe(false);
  });
});

describe('localPorts', () => {
  it('defaults to the standard ports', () => {
    expect(localPorts({})).toEqual({ postgres: 5432, nats: 4222 });
  });

  it('rejects a value that is not a port', () => {
    expect(() => localPorts({ EMBEDDED_PG_PORT: 'abc' })).toThrow(/EMBEDDED_PG_PORT/);
    expect(() => localPorts({ EMBEDDED_NATS_PORT: '70000' })).toThrow(/EMBEDDED_NATS_PORT/);
  });
});

describe('selectApps', () => {
  it('runs every app by default', () => {
    expect(selectApps({})).toEqual([...APPS]);
  });

  it('runs a subset in the declared order', () => {
    expect(selectApps({ START_APPS: 'gateway, records' }, ['records', 'gateway', 'audit'])).toEqual(['records', 'gateway']);
  });

  it('rejects an unknown app', () => {
    expect(() => selectApps({ START_APPS: 'records,nope' })).toThrow(/unknown app\(s\): nope/);
  });
});

describe('resolveApps', () => {
  const exists = (app: string) => app !== 'audit';

  it('skips listed apps that are not in the checkout', () => {
    expect(resolveApps({}, ['records', 'audit', 'gateway'], exists)).toEqual({ run: ['records', 'gateway'], skipped: ['audit'] });
  });

  it('fails when START_APPS names a missing app', () => {
    expect(resolveApps({ START_APPS: 'audit' }, ['audit'], exists).error).toMatch(/audit/);
  });

  it('fails when the gateway itself is missing', () => {
    expect(resolveApps({}, ['records', 'gateway'], (app) => app === 'records').error).toMatch(/gateway/);
  });
});

describe('childEnvironment', () => {
  it('passes everything through and pins the resolved URLs', () => {
    const env = childEnvironment({ PORT: '4000', DATABASE_URL: undefined }, 'postgres://a/b', 'nats://c');
    expect(env).toEqual({ PORT: '4000', DATABASE_URL: 'postgres://a/b', NATS_URL: 'nats://c' });
  });
});

describe('planSubjectPrefix', () => {
  const db = 'postgres://postgres@127.0.0.1:5432/sigma_pim';
  it('derives one from the database name when NATS was not started here and none is set', () => {
    expect(planSubjectPrefix({}, { kind: 'running', url: 'nats://127.0.0.1:4222' }, db)).toEqual({ prefix: 'sigma_pim', derived: true });
    expect(planSubjectPrefix({ NATS_URL: 'nats://x' }, { kind: 'configured', url: 'nats://x' }, 'postgres://h/My.Db')).toEqual({ prefix: 'my_db', derived: true });
  });

  it('keeps a given prefix, and adds none to its own NATS or in production', () => {
    expect(planSubjectPrefix({ NATS_SUBJECT_PREFIX: 'mine' }, { kind: 'running', url: 'nats://x' }, db)).toEqual({ prefix: 'mine', derived: false });
    expect(planSubjectPrefix({}, { kind: 'start', port: 4222 }, db)).toEqual({ derived: false });
    expect(planSubjectPrefix({ NODE_ENV: 'production' }, { kind: 'configured', url: 'nats://x' }, db)).toEqual({ derived: false });
  });

  it('makes any database name a valid subject token and stream name prefix', () => {
    expect(prefixFromDatabase('postgres://h/pim%20test*>.x')).toBe('pim_test___x');
    expect(prefixFromDatabase('postgres://h/_x')).toBe('db_x');
    expect(prefixFromDatabase('postgres://h/')).toBe('sigma_pim');
  });

  it('is passed to the children', () => {
    expect(childEnvironment({}, 'postgres://a/b', 'nats://c', 'b')).toEqual({ DATABASE_URL: 'postgres://a/b', NATS_URL: 'nats://c', NATS_SUBJECT_PREFIX: 'b' });
  });
});

describe('metrics ports under npm start', () => {
  it('gives each service the base METRICS_PORT plus its fixed offset, and the gateway none', () => {
    const env = { METRICS_PORT: '9471' };
    expect(['records', 'workflow', 'audit', 'change-sets', 'webhooks', 'gateway'].map((app) => metricsPortFor(env, app))).toEqual([
      9471, 9472, 9473, 9474, 9475, undefined,
    ]);
    expect(metricsPortFor({}, 'records')).toBeUndefined();
    expect(() => metricsPortFor({ METRICS_PORT: 'x' }, 'records')).toThrow(/METRICS_PORT/);
    expect(() => metricsPortFor({ METRICS_PORT: '65535' }, 'audit')).toThrow(/no room/);
  });

  it('puts each app\'s own port into its environment', () => {
    const env = { METRICS_PORT: '9471' };
    expect(appEnvironment({ A: '1', METRICS_PORT: '9471' }, env, 'audit')).toEqual({ A: '1', METRICS_PORT: '9473' });
    expect(appEnvironment({ A: '1', METRICS_PORT: '9471' }, env, 'gateway')).toEqual({ A: '1' });
    expect(appEnvironment({ A: '1' }, {}, 'records')).toEqual({ A: '1' });
  });
});

describe('readyBanner', () => {
  it('shows the API, the docs, the MCP endpoint and the demo login', () => {
    const lines = readyBanner({}, 3000);
    expect(lines[0]).toBe('API:  http://localhost:3000/api/v1');
    expect(lines[1]).toBe('Docs: http://localhost:3000/api/v1/docs');
    expect(lines[2]).toBe('MCP:  http://localhost:3001/mcp (Streamable HTTP)');
    expect(lines[3]).toContain('POST http://localhost:3000/api/v1/auth/token');
    expect(lines[3]).toContain('{"username":"admin","password":"admin-demo"}');
  });

  it('has no demo login without demo data or in production', () => {
    expect(readyBanner({ DEMO_DATA: 'false' }, 3000)).toHaveLength(3);
    expect(readyBanner({ NODE_ENV: 'production' }, 8080)).toHaveLength(3);
  });

  it('names the MCP port, and leaves the MCP line out when START_APPS does not run it', () => {
    expect(readyBanner({ MCP_PORT: '9001', DEMO_DATA: 'false' }, 3000)[2]).toBe('MCP:  http://localhost:9001/mcp (Streamable HTTP)');
    expect(readyBanner({ START_APPS: 'records,gateway' }, 3000).some((line) => line.startsWith('MCP:'))).toBe(false);
  });
});
