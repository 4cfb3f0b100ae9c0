import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@sigma/config';
import { appearsInRepository, COMMITTED_SECRETS, DEV_JWT_SECRET, jwtSecretProblems } from './secret-policy';

const STRONG = 'f3a1c9e27b4d58a06e1f2c3b4a5d6e7f8091a2b3c4d5e6f7';
// Built, not written out, so the repository scan below does not take these fixtures for committed secrets.
const README_SECRET = 'readme-example-secret-'.repeat(2);
const HELM_SECRET = 'helm-example-secret-'.repeat(2);
const SOURCE_SECRET = 'source-only-secret-'.repeat(2);

describe('jwtSecretProblems', () => {
  it('accepts a long secret of your own in production, and no secret outside it (the development default applies)', () => {
    expect(jwtSecretProblems(STRONG, { production: true, appearsInRepository: () => false })).toEqual([]);
    expect(jwtSecretProblems(undefined, { production: false })).toEqual([]);
  });

  it('requires a secret in production', () => {
    expect(jwtSecretProblems(undefined, { production: true })).toEqual([expect.stringMatching(/^JWT_SECRET: required when NODE_ENV=production/)]);
  });

  it('refuses a secret under 32 characters everywhere', () => {
    for (const production of [true, false]) {
      expect(jwtSecretProblems('s'.repeat(31), { production })).toEqual([expect.stringMatching(/^JWT_SECRET: must be at least 32 characters/)]);
    }
  });

  it('refuses the development default in production only, saying so', () => {
    expect(jwtSecretProblems(DEV_JWT_SECRET, { production: true })).toEqual([expect.stringContaining('is the development default')]);
    expect(jwtSecretProblems(DEV_JWT_SECRET, { production: false })).toEqual([]);
  });

  it('refuses in production a secret that appears in the repository', () => {
    const problems = jwtSecretProblems(STRONG, { production: true, appearsInRepository: (secret) => secret === STRONG });
    expect(problems).toEqual([expect.stringContaining('appears in the repository')]);
  });
});

describe('appearsInRepository', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'secret-policy-'));
    mkdirSync(join(root, 'deploy', 'helm'), { recursive: true });
    mkdirSync(join(root, 'apps'), { recursive: true });
    writeFileSync(join(root, 'README.md'), `Set JWT_SECRET=${README_SECRET}\n`);
    writeFileSync(join(root, 'deploy', 'helm', 'values.yaml'), `jwtSecret: ${HELM_SECRET}\n`);
    writeFileSync(join(root, 'apps', 'source.ts'), `const s = '${SOURCE_SECRET}';\n`);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds a secret in the README and under deploy/', () => {
    expect(appearsInRepository(README_SECRET, root)).toBe(true);
    expect(appearsInRepository(HELM_SECRET, root)).toBe(true);
  });

  it('does not search sources, and finds nothing where the files are absent', () => {
    expect(appearsInRepository(SOURCE_SECRET, root)).toBe(false);
    expect(appearsInRepository(STRONG, join(root, 'missing'))).toBe(false);
  });
});

describe('secrets committed to this repository', () => {
  const SKIP = new Set(['node_modules', 'dist', '.git', '.nx', 'tmp', '.data', 'coverage']);
  const ASSIGNMENT = /(?:JWT_SECRET|jwt-secret|jwtSecret)["']?\s*[:=]\s*["'`]?([^\s"'`$}{,)(]+)/g;

  function committedValues(dir: string, found: Map<string, string>): Map<string, string> {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name)) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) committedValues(path, found);
      else if (stat.size < 1024 * 1024 && /\.(ts|js|mjs|json|ya?ml|md|tpl|conf|env|example|txt)$|^Dockerfile$/.test(name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(ASSIGNMENT)) found.set(match[1], path);
      }
    }
    return found;
  }

  it('every JWT secret value written in the repository is refused in production even without the files (the image)', () => {
    const found = committedValues(repoRoot(__dirname), new Map());
    expect(found.get(DEV_JWT_SECRET)).toBeDefined();
    const accepted = [...found].filter(([value]) => jwtSecretProblems(value, { production: true }).length === 0);
    expect(accepted).toEqual([]);
    expect(COMMITTED_SECRETS).toContain(DEV_JWT_SECRET);
  });
});
