import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { RequestContext } from './request-context';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export type LogFormat = 'text' | 'json';

/**
 * Nest's logger, with the current request id (and trace id, when there is one) on every line.
 * `json`: one JSON object per line — level, timestamp, service, context, message, requestId, traceId.
 */
export class ContextLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    level: LogLevel = 'log',
    format: LogFormat = 'text',
  ) {
    super(service, {
      logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
      timestamp: false,
      ...(format === 'json' && { json: true, colors: false, compact: true }),
    });
  }

  protected override formatContext(context: string): string {
    const current = RequestContext.current();
    const base = super.formatContext(context);
    if (!current?.requestId) return base;
    return `${base}[req ${current.requestId}] ${current.traceId ? `[trace ${current.traceId}] ` : ''}`;
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const current = RequestContext.current();
    return {
      ...super.getJsonLogObject(message, options),
      service: this.service,
      ...(current?.requestId && { requestId: current.requestId }),
      ...(current?.traceId && { traceId: current.traceId }),
    };
  }
}
