import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Text for a COPY text-format column: backslash, tab and line breaks escaped. */
export const escapeCopy = (text: string) => text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** One top-level record at version 1, written by the admin, as a COPY line of records.record. */
export function recordCopyLine(id: string, schemaId: string, stateId: string, values: unknown, createdAt: string): string {
  return `${id}\t${schemaId}\t${stateId}\t\\N\t1\t${escapeCopy(JSON.stringify(values))}\t${createdAt}\t${createdAt}\tuser-admin\tuser-admin\n`;
}

/**
 * Records streamed straight into records.record with COPY (bench data only: it bypasses the write
 * path, so whatever the data needs beyond the table's own triggers is the caller's to fill), sent
 * in chunks of `chunkLines` and waiting whenever the stream asks.
 */
export class RecordCopy {
  private chunk: string[] = [];
  private readonly stream: NodeJS.WritableStream;
  private readonly finished: Promise<void>;

  constructor(
    client: Client,
    private readonly chunkLines = 2000,
  ) {
    const stream = client.query(copyFrom('COPY records.record (id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by) FROM STDIN'));
    this.finished = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    this.stream = stream;
  }

  async push(line: string): Promise<void> {
    this.chunk.push(line);
    if (this.chunk.length >= this.chunkLines) await this.flush();
  }

  /** Sends what is left and waits until PostgreSQL has it all. */
  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.finished;
  }

  private async flush(): Promise<void> {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join('');
    this.chunk = [];
    if (!this.stream.write(text)) await new Promise((resolve) => this.stream.once('drain', resolve));
  }
}
