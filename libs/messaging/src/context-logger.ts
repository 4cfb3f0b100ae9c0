import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { RequestContext } from './request-context';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's logger, with the current request id on every line. */
export class ContextLogger extends ConsoleLogger {
  constructor(service: string, level: LogLevel = 'log') {
    super(service, { logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1), timestamp: false });
  }

  protected override formatContext(context: string): string {
    const requestId = RequestContext.current()?.requestId;
    const base = super.formatContext(context);
    return requestId ? `${base}[req ${requestId}] ` : base;
  }
}
