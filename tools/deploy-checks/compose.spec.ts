import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';

const ROOT = resolve(__dirname, '../..');
const APPS = ['records', 'workflow', 'audit', 'change-sets', 'webhooks', 'gateway'];

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  volumes?: (string | { source?: string; target: string })[];
}

/** `docker compose config` where the plugin exists, else Debian's docker-compose (no engine needed for either). */
function composeConfig(env: NodeJS.ProcessEnv = {}): { tool: string; config: { services: Record<string, ComposeService>; volumes: object } } {
  const candidates: [string, string[]][] = [
    ['docker', ['compose', '-f', 'docker-compose.yml', 'config']],
    ['docker-compose', ['-f', 'docker-compose.yml', 'config']],
  ];
  const problems: string[] = [];
  for (const [command, args] of candidates) {
    try {
      const output = execFileSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { tool: command === 'docker' ? 'docker compose' : 'docker-compose', config: load(output) as never };
    } catch (error) {
      problems.push(`${command}: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
    }
  }
  throw new Error(`No compose tool could validate docker-compose.yml (apt-get install docker-compose; .ci/run does):\n${problems.join('\n')}`);
}

describe('docker-compose.yml', () => {
  const { tool, config } = composeConfig();
  const services = config.services;

  it('is valid for the compose tool', () => {
    process.stdout.write(`[deploy-checks] docker-compose.yml validated with \`${tool} config\`\n`);
    expect(Object.keys(services).sort()).toEqual(['audit', 'change-sets', 'gateway', 'migrate', 'nats', 'postgres', 'records', 'webhooks', 'workflow']);
  });

  it('runs NATS with JetStream on a persistent volume and the per-app users config', () => {
    const nats = services.nats;
    expect(nats.command).toEqual(['nats-server', '-c', '/etc/nats/nats-server.conf']);
    const targets = (nats.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target));
    expect(targets).toEqual(expect.arrayContaining(['/data', '/etc/nats/nats-server.conf']));
    expect(readFileSync(resolve(ROOT, 'deploy/nats/nats-server.conf'), 'utf8')).toMatch(/jetstream \{\s*store_dir: \/data/);
    expect(Object.keys(config.volumes)).toEqual(expect.arrayContaining(['nats-data', 'postgres-data']));
  });

  it('migrates once before any app starts', () => {
    const migrate = services.migrate;
    expect(migrate.command).toEqual(['node', 'dist/tools/migrate/main.js']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const app of APPS) {
      expect(services[app].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[app].environment?.RUN_MIGRATIONS).toBe('false');
    }
  });

  it('gives every app the one image, a health check, a restart policy and its own NATS user', () => {
    for (const app of APPS) {
      const service = services[app];
      expect(service.image).toBe(services.migrate.image);
      expect(service.restart).toBe('unless-stopped');
      expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'deploy/healthcheck.js']);
      expect(service.environment?.APP).toBe(app);
      expect(service.environment?.NATS_URL).toMatch(new RegExp(`^nats://${app}:[^@]+@nats:4222$`));
    }
    const gatewayNeeds = Object.keys(services.gateway.depends_on ?? {});
    expect(gatewayNeeds).toEqual(expect.arrayContaining(['records', 'workflow', 'audit', 'change-sets', 'webhooks']));
  });

  it('takes production settings from the environment', () => {
    const production = composeConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), RECORDS_NATS_PASSWORD: 'r3c' }).config.services;
    expect(production.gateway.environment).toMatchObject({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(production.records.environment?.NATS_URL).toBe('nats://records:r3c@nats:4222');
    expect(production.nats.environment?.RECORDS_NATS_PASSWORD).toBe('r3c');
  });
});
