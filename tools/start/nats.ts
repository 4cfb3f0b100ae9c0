import fs from 'node:fs';
import path from 'node:path';
import { LOCALHOST, localNatsUrl } from './plan';
import { ManagedProcess } from './process';
import { tcpProbe, waitUntil } from './net';

export const NATS_MISSING_MESSAGE = [
  'NATS is not running on the local port and no nats-server is on PATH.',
  'Get NATS 2.10+ (JetStream) one of these ways, then run `npm start` again:',
  '  - Debian/Ubuntu: sudo apt-get install nats-server',
  '  - macOS: brew install nats-server',
  '  - Docker: docker compose up -d nats',
  '  - or point NATS_URL at a running NATS server with JetStream enabled.',
].join('\n');

/** Where `name` would be found on PATH, or undefined. */
export function findOnPath(
  name: string,
  pathVariable: string | undefined,
  isExecutable: (file: string) => boolean = executable,
): string | undefined {
  for (const dir of (pathVariable ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function natsServerArgs(port: number, storeDir: string): string[] {
  return ['-js', '-a', LOCALHOST, '-p', String(port), '-sd', storeDir];
}

export interface StartedNats {
  url: string;
  process: ManagedProcess;
}

export async function startNatsServer(
  binary: string,
  port: number,
  storeDir: string,
  prefix: string,
  onSpawn: (server: ManagedProcess) => void,
): Promise<StartedNats> {
  fs.mkdirSync(storeDir, { recursive: true });
  const server = new ManagedProcess({ name: 'nats', command: binary, args: natsServerArgs(port, storeDir), prefix });
  onSpawn(server);
  const exited = server.exited.then(() => 'nats-server exited during start-up');
  try {
    await waitUntil(() => tcpProbe(LOCALHOST, port, 500), { timeoutMs: 20_000, intervalMs: 200, what: 'nats-server', abort: exited });
  } catch (error) {
    await server.stop(5_000);
    throw error;
  }
  return { url: localNatsUrl(port), process: server };
}
