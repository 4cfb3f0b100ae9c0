/** How one complete output line of a child is written (without its newline). */
export type LineFormat = (line: string) => string;

/**
 * `LOG_FORMAT=json`: the apps print one JSON object per line, which must stay JSON, so they pass
 * unprefixed (they carry `service`); any other line (a crash trace, PostgreSQL's or nats-server's
 * output, the supervisor's own) becomes one JSON object naming its source.
 */
export function jsonLine(service: string): LineFormat {
  return (line) => {
    if (line.startsWith('{')) {
      try {
        if (typeof JSON.parse(line) === 'object') return line;
      } catch {
        // not JSON after all: wrapped below
      }
    }
    return JSON.stringify({ level: 'log', timestamp: new Date().toISOString(), service, message: line });
  };
}

/**
 * Line-buffered prefixing of a child's output: partial lines are held until their newline
 * (or the stream ends), so lines from different children never interleave mid-line.
 */
export class LinePrefixer {
  private pending = '';
  private readonly format: LineFormat;

  constructor(
    prefix: string | LineFormat,
    private readonly write: (text: string) => void,
  ) {
    this.format = typeof prefix === 'string' ? (line) => `${prefix}${line}` : prefix;
  }

  push(chunk: string | Buffer): void {
    const text = this.pending + chunk.toString();
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (lines.length > 0) this.write(lines.map((line) => `${this.format(stripCarriageReturn(line))}\n`).join(''));
  }

  /** Emits a trailing line that had no newline. */
  flush(): void {
    if (this.pending === '') return;
    const line = this.pending;
    this.pending = '';
    this.write(`${this.format(stripCarriageReturn(line))}\n`);
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];

/** `[name] `, coloured when writing to a terminal (NO_COLOR disables it). */
export function prefixFor(name: string, index: number, colour: boolean): string {
  const label = `[${name}]`;
  if (!colour) return `${label} `;
  return `\u001b[${COLORS[index % COLORS.length]}m${label}\u001b[0m `;
}

export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.CI === undefined;
}
