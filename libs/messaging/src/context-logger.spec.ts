import { ContextLogger } from './context-logger';
import { RequestContext } from './request-context';

function capture(logger: ContextLogger, write: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  // eslint-disable-next-line no-control-regex
  return lines.join('').replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter(Boolean);
}

describe('ContextLogger', () => {
  it('prints the request and trace id on text lines', () => {
    const logger = new ContextLogger('records', 'log');
    const lines = capture(logger, () =>
      RequestContext.run({ requestId: 'req-1', traceId: 'abc123' }, () => logger.log('hello', 'RpcServer')),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[RpcServer] [req req-1] [trace abc123] ');
    expect(lines[0]).toContain('hello');
  });

  it('prints one JSON object per line with service, request id and trace id', () => {
    const logger = new ContextLogger('records', 'debug', 'json');
    const lines = capture(logger, () => {
      RequestContext.run({ requestId: 'req-2', traceId: 'def456' }, () => logger.debug('inside', 'Handler'));
      logger.log('outside', 'Boot');
    });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ level: 'debug', service: 'records', context: 'Handler', message: 'inside', requestId: 'req-2', traceId: 'def456' }),
      expect.objectContaining({ level: 'log', service: 'records', context: 'Boot', message: 'outside' }),
    ]);
    expect(JSON.parse(lines[1])).not.toHaveProperty('requestId');
  });

  it('honours the level', () => {
    const logger = new ContextLogger('records', 'warn', 'json');
    expect(capture(logger, () => logger.log('hidden', 'X'))).toEqual([]);
  });
});
