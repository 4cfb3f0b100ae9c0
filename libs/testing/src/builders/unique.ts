import { randomBytes } from 'node:crypto';
import type { ApiClient, ApiResponse } from '../api-client';

/** Differs between test processes, so builders never collide even on a shared database. */
const RUN = randomBytes(3).toString('hex');
let counter = 0;

/** A short token unique in this test run: `<run>-<n>` (lower case, a valid stable id part). */
export function uniqueSuffix(): string {
  return `${RUN}-${++counter}`;
}

/** A SKU no other record of this run has (upper case, as SKU patterns usually want). */
export function uniqueSku(prefix = 'T'): string {
  return `${prefix}-${uniqueSuffix()}`.toUpperCase();
}

/** A stable id (schema, dimension, segment, attribute) unique in this run. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${uniqueSuffix()}`;
}

/** The user builders act as unless told otherwise. */
export interface ActAs {
  as?: string;
}

/** Sends the request and returns the body, or fails with the answer when the status is not `expected`. */
export async function expectCreated<T>(api: ApiClient, user: string, method: string, path: string, body: unknown, expected = 201): Promise<T> {
  const response: ApiResponse<T> = await api.as<T>(user, method, path, body);
  if (response.status !== expected) {
    throw new Error(`${method} ${path} as ${user}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body).slice(0, 1000)}`);
  }
  return response.body;
}
