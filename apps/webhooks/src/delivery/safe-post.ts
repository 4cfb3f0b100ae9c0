import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress, hostOf, isLocalHostName } from '../domain/address-policy';

export interface PostResult {
  statusCode?: number;
  error?: string;
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowedHosts: ReadonlySet<string>;
}

/**
 * Resolves the host, refuses it if any of its addresses is private, loopback or link-local (unless
 * allowlisted), then POSTs to exactly the addresses checked (the socket's lookup is pinned), so a
 * DNS answer that changes between check and connect cannot reach the internal network. Redirects
 * are not followed. Never throws: a failure is a result.
 */
export async function safePost(rawUrl: string, body: string, options: PostOptions): Promise<PostResult> {
  const url = new URL(rawUrl);
  const host = hostOf(url);
  const allowlisted = options.allowedHosts.has(host);
  let addresses: { address: string; family: number }[];
  try {
    if (!allowlisted && isLocalHostName(host)) return { error: `refused: ${host} is this machine` };
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { error: `lookup failed: ${(error as Error).message}` };
  }
  const blocked = addresses.find((entry) => classifyAddress(entry.address) === 'blocked');
  if (!allowlisted && blocked) return { error: `refused: ${host} resolves to ${blocked.address} (private, loopback or link-local)` };
  if (addresses.length === 0) return { error: `lookup failed: no address for ${host}` };
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: pinned,
        timeout: options.timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Sigma-PIM-Webhooks', ...options.headers },
      },
      (response) => {
        // The answer's body is not kept: drain it so the socket is released.
        response.resume();
        response.on('end', () => resolve({ statusCode: response.statusCode }));
        response.on('error', (error) => resolve({ statusCode: response.statusCode, error: error.message }));
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    request.on('error', (error) => resolve({ error: error.message }));
    request.on('close', () => clearTimeout(deadline));
    request.end(body);
  });
}
