import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Generated ids: a prefix plus random base62 characters (`ent-xK9mP2vL`). */
export const IdPrefixes = {
  record: 'ent-',
  changeSet: 'cs_',
  operation: 'cop-',
  audit: 'audit-',
  snippet: 'snip_',
  message: 'fmsg_',
  user: 'user-',
  apiKey: 'key_',
  event: 'evt_',
  importJob: 'imp_',
} as const;

export function generateId(prefix: string, length = 10): string {
  let out = prefix;
  for (let i = 0; i < length; i++) out += BASE62[randomInt(62)];
  return out;
}
