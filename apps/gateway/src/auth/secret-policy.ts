import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Used only outside production, so `npm start` works with no setup. */
export const DEV_JWT_SECRET = 'sigma-pim-development-secret-not-for-production';

export const MIN_SECRET_LENGTH = 32;

/**
 * Secrets written in this repository (defaults, examples): public, so never a production secret.
 * The image holds no sources, so this list, not a search of the files, is what protects it; a unit
 * test keeps it in step with every JWT_SECRET value committed.
 */
export const COMMITTED_SECRETS: readonly string[] = [DEV_JWT_SECRET];

export interface SecretContext {
  production: boolean;
  /** Whether the secret appears in the repository's configuration and documents (when they are present). */
  appearsInRepository?: (secret: string) => boolean;
}

const GENERATE = 'generate one with `openssl rand -hex 32`';

/** Everything wrong with a JWT signing secret, as config problems (empty: fine). */
export function jwtSecretProblems(secret: string | undefined, context: SecretContext): string[] {
  if (secret === undefined) return context.production ? [`JWT_SECRET: required when NODE_ENV=production (${GENERATE})`] : [];
  if (secret.length < MIN_SECRET_LENGTH) return [`JWT_SECRET: must be at least ${MIN_SECRET_LENGTH} characters (${GENERATE})`];
  if (!context.production) return [];
  if (secret === DEV_JWT_SECRET) {
    return [`JWT_SECRET: is the development default, which is public; refusing to start in production (${GENERATE})`];
  }
  if (COMMITTED_SECRETS.includes(secret) || context.appearsInRepository?.(secret)) {
    return [`JWT_SECRET: appears in the repository, so it is public; refusing to start in production (${GENERATE})`];
  }
  return [];
}

/** Where a committed secret would be: configuration, deployment files and documents (no sources, no dependencies). */
const SEARCHED = ['README.md', 'docker-compose.yml', '.env.example', 'deploy', 'docs'];
const MAX_FILES = 500;
const MAX_FILE_BYTES = 1024 * 1024;

/** Whether `secret` occurs in the repository's configuration and documents under `root`; false where they are absent (the image). */
export function appearsInRepository(secret: string, root: string): boolean {
  let budget = MAX_FILES;
  const visit = (path: string): boolean => {
    if (budget-- <= 0 || !existsSync(path)) return false;
    const stat = statSync(path);
    if (stat.isDirectory()) return readdirSync(path).some((name) => visit(join(path, name)));
    return stat.isFile() && stat.size <= MAX_FILE_BYTES && readFileSync(path, 'utf8').includes(secret);
  };
  return SEARCHED.some((entry) => visit(join(root, entry)));
}
