import { type ChildProcess, spawn } from 'node:child_process';
import { appEntryPoint, repoRoot, SERVICE_PROCESS_ENV, serviceNodeArgs } from '@sigma/config';

const ROOT = repoRoot(__dirname);

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
  /** Sends `signal` (a crash: SIGKILL) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Runs an app exactly as `npm start` does (compiled: the jest globalSetup builds dist/), as its own process, keeping its output for failure messages. */
export function spawnService(name: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const child = spawn(process.execPath, [...serviceNodeArgs(), appEntryPoint(name)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ...SERVICE_PROCESS_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    name,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
