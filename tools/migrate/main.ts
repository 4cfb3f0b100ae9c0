/**
 * One-shot migration job (docker-compose `migrate`, the Helm pre-install/pre-upgrade Job):
 * migrates every service schema, then exits 0; any failure exits 1.
 *   npm run migrate   (in the image: node dist/tools/migrate/main.js)
 */
import 'reflect-metadata';
import { ConfigError } from '@sigma/config';
import { migrateAll } from './migrate';

const log = (line: string) => process.stdout.write(`[migrate] ${line}\n`);

migrateAll(process.env, log).then(
  (services) => {
    log(`done: ${services.join(', ')}`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`[migrate] failed: ${error instanceof ConfigError ? error.message : (error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
