import { createHash, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 43 base62 characters hold 256 bits: beyond guessing, so a plain SHA-256 is a safe way to store them. */
const SECRET_LENGTH = 43;

/** The kinds of opaque credential the gateway hands out, each recognisable by its prefix. */
export const CredentialPrefixes = {
  refreshToken: 'rt_',
  apiKey: 'sk_',
} as const;

export type CredentialKind = keyof typeof CredentialPrefixes;

export interface NewCredential {
  /** Shown to the client once; never stored. */
  secret: string;
  /** What is stored and looked up. */
  hash: string;
}

export function newCredential(kind: CredentialKind): NewCredential {
  let secret: string = CredentialPrefixes[kind];
  for (let i = 0; i < SECRET_LENGTH; i++) secret += BASE62[randomInt(62)];
  return { secret, hash: hashCredential(secret) };
}

/** SHA-256 (hex) of the whole credential, prefix included. */
export function hashCredential(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a string has the exact shape we issue: lets garbage fail without a lookup. */
export function isCredential(kind: CredentialKind, value: string): boolean {
  const prefix = CredentialPrefixes[kind];
  if (value.length !== prefix.length + SECRET_LENGTH || !value.startsWith(prefix)) return false;
  for (let i = prefix.length; i < value.length; i++) if (!BASE62.includes(value[i])) return false;
  return true;
}

/** The first characters of a credential, safe to show in lists so a person can tell keys apart. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, 10);
}
