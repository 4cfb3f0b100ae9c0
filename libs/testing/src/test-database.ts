import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@sigma/db';

export const TEST_PG_BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database, so parallel test files and runs never see each other's rows. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `pim_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(5).toString('hex')}`;
  const url = new URL(TEST_PG_BASE_URL);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

/** A NATS subject prefix no other test run uses. */
export function uniqueSubjectPrefix(label = 't'): string {
  return `${label}_${randomBytes(5).toString('hex')}`;
}
