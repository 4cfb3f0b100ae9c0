import { createHmac } from 'node:crypto';

/** The gateway's development secret (outside production, with JWT_SECRET unset), for hand-made tokens. */
export const DEV_SECRET = 'sigma-pim-development-secret-not-for-production';

export function base64url(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Signs a JWT by hand (no library), so tests control every claim and header. */
export function signHs256(payload: object, secret = DEV_SECRET, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}
