import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ChangeSetSource, DomainError, IMPORT_ERRORS_KEPT, type ImportColumnTarget, type ImportDto, type ImportRowError, type ImportStatus } from '@sigma/contracts';
import type { StoredColumns } from './import-columns';

interface ImportRow {
  id: string;
  schema_id: string;
  status: ImportStatus;
  source: ChangeSetSource;
  key_column: string;
  mapping: Record<string, ImportColumnTarget> | null;
  columns: StoredColumns | null;
  change_set_id: string;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  rows_read: number;
  created_count: number;
  updated_count: number;
  unchanged_rows: number;
  error_count: number;
  errors: ImportRowError[];
  failure: string | null;
}

export type ImportState = ImportDto & { mapping?: Record<string, ImportColumnTarget>; columns?: StoredColumns };

export interface NewImport {
  id: string;
  schemaId: string;
  source: ChangeSetSource;
  keyColumn: string;
  mapping?: Record<string, ImportColumnTarget>;
  changeSetId: string;
  createdBy: string;
}

export interface BatchCounts {
  rowsRead: number;
  created: number;
  updated: number;
  unchangedRows: number;
  errors: ImportRowError[];
}

/** The import_job table: an import's state, counters and first errors (raw SQL: counters add up in place). */
@Injectable()
export class ImportStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(job: NewImport): Promise<ImportState> {
    await this.dataSource.query(
      `INSERT INTO import_job (id, schema_id, status, source, key_column, mapping, change_set_id, created_by) VALUES ($1, $2, 'waiting-for-file', $3, $4, $5, $6, $7)`,
      [job.id, job.schemaId, JSON.stringify(job.source), job.keyColumn, job.mapping ? JSON.stringify(job.mapping) : null, job.changeSetId, job.createdBy],
    );
    return this.get(job.id);
  }

  async get(id: string): Promise<ImportState> {
    const [row] = (await this.dataSource.query('SELECT * FROM import_job WHERE id = $1', [id])) as ImportRow[];
    if (!row) throw DomainError.notFound('Import', id);
    return toState(row);
  }

  /** Moves waiting-for-file → running with its columns; false when it was not waiting (a second upload). */
  async start(id: string, columns: StoredColumns): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE import_job SET status = 'running', started_at = now(), columns = $2, errors = $3, error_count = $4
       WHERE id = $1 AND status = 'waiting-for-file' RETURNING id`,
      [id, JSON.stringify(columns), JSON.stringify(columns.errors.slice(0, IMPORT_ERRORS_KEPT)), columns.errors.length],
    )) as [{ id: string }[], number];
    return rows.length > 0;
  }

  /** Adds a batch's counts; errors are kept up to IMPORT_ERRORS_KEPT (the count is always complete). */
  async addBatch(id: string, counts: BatchCounts): Promise<ImportState> {
    const [rows] = (await this.dataSource.query(
      `UPDATE import_job SET rows_read = rows_read + $2, created_count = created_count + $3, updated_count = updated_count + $4,
         unchanged_rows = unchanged_rows + $5, error_count = error_count + $6,
         errors = errors || (SELECT coalesce(jsonb_agg(e ORDER BY n), '[]') FROM jsonb_array_elements($7::jsonb) WITH ORDINALITY AS x(e, n)
                             WHERE n <= $8 - jsonb_array_length(errors))
       WHERE id = $1 RETURNING *`,
      [id, counts.rowsRead, counts.created, counts.updated, counts.unchangedRows, counts.errors.length, JSON.stringify(counts.errors), IMPORT_ERRORS_KEPT],
    )) as [ImportRow[], number];
    if (!rows[0]) throw DomainError.notFound('Import', id);
    return toState(rows[0]);
  }

  /** Moves running → completed or failed; false when it was not running. */
  async finish(id: string, failure: string | undefined): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE import_job SET status = $2, finished_at = now(), failure = $3 WHERE id = $1 AND status = 'running' RETURNING id`,
      [id, failure === undefined ? 'completed' : 'failed', failure ?? null],
    )) as [{ id: string }[], number];
    return rows.length > 0;
  }
}

function toState(row: ImportRow): ImportState {
  return {
    id: row.id,
    schemaId: row.schema_id,
    status: row.status,
    source: row.source,
    keyColumn: row.key_column,
    changeSetId: row.change_set_id,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    ...(row.started_at && { startedAt: row.started_at.toISOString() }),
    ...(row.finished_at && { finishedAt: row.finished_at.toISOString() }),
    rowsRead: row.rows_read,
    operations: { created: row.created_count, updated: row.updated_count },
    unchangedRows: row.unchanged_rows,
    errorCount: row.error_count,
    errors: row.errors,
    ...(row.failure !== null && { failure: row.failure }),
    ...(row.mapping && { mapping: row.mapping }),
    ...(row.columns && { columns: row.columns }),
  };
}

/** The state as callers see it (the mapping and resolved columns stay inside). */
export function toImportDto(state: ImportState): ImportDto {
  const { mapping: _mapping, columns: _columns, ...dto } = state;
  return dto;
}
