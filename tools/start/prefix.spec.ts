import { jsonLine, LinePrefixer, prefixFor, useColour } from './prefix';

function collect() {
  const out: string[] = [];
  return { out, prefixer: new LinePrefixer('[records] ', (text) => out.push(text)) };
}

describe('LinePrefixer', () => {
  it('prefixes every complete line', () => {
    const { out, prefixer } = collect();
    prefixer.push('one\ntwo\n');
    expect(out.join('')).toBe('[records] one\n[records] two\n');
  });

  it('holds a partial line until its newline arrives', () => {
    const { out, prefixer } = collect();
    prefixer.push('hel');
    expect(out).toEqual([]);
    prefixer.push(Buffer.from('lo\nwor'));
    expect(out.join('')).toBe('[records] hello\n');
    prefixer.push('ld\n');
    expect(out.join('')).toBe('[records] hello\n[records] world\n');
  });

  it('flushes a trailing line without newline once', () => {
    const { out, prefixer } = collect();
    prefixer.push('last words');
    prefixer.flush();
    prefixer.flush();
    expect(out.join('')).toBe('[records] last words\n');
  });

  it('drops carriage returns of CRLF lines and keeps empty lines', () => {
    const { out, prefixer } = collect();
    prefixer.push('a\r\n\nb\n');
    expect(out.join('')).toBe('[records] a\n[records] \n[records] b\n');
  });
});

describe('prefixFor / useColour', () => {
  it('is plain without colour', () => {
    expect(prefixFor('gateway', 1, false)).toBe('[gateway] ');
  });

  it('colours the label on a terminal', () => {
    expect(prefixFor('gateway', 1, true)).toBe('\u001b[35m[gateway]\u001b[0m ');
  });

  it('uses colour only on a TTY without NO_COLOR or CI', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({ isTTY: true }, { CI: 'true' })).toBe(false);
  });
});

describe('jsonLine (LOG_FORMAT=json)', () => {
  it('passes JSON lines through unprefixed and wraps anything else as one JSON object', () => {
    const out: string[] = [];
    const prefixer = new LinePrefixer(jsonLine('records'), (text) => out.push(text));
    const json = '{"level":"log","service":"records","message":"Serving 30 subjects"}';
    prefixer.push(`${json}\nTypeError: boom\n    at x (y.js:1:2)\n{not json\n`);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines[0]).toBe(json);
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.slice(1)).toEqual([
      expect.objectContaining({ service: 'records', message: 'TypeError: boom' }),
      expect.objectContaining({ service: 'records', message: '    at x (y.js:1:2)' }),
      expect.objectContaining({ service: 'records', message: '{not json' }),
    ]);
  });
});
