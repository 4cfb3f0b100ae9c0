import type { Scope } from '../records/records';
import type { ChangeSetSource } from './change-sets';

/**
 * Imports (supplier files, ERP exports) become draft change sets: an import is created first
 * (waiting-for-file), its file then streams through in batches of rows, and its state is readable
 * while it runs.
 */
export const IMPORT_STATUSES = ['waiting-for-file', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** The file's column → the attribute and scope its cells propose. */
export interface ImportColumnTarget {
  attributeAlias: string;
  /** {} (global) when left out. */
  scope?: Scope;
}

export interface CreateImportRequest {
  schemaId: string;
  source: ChangeSetSource;
  /** The draft change set's title (default: "Import <source.name>"). */
  title?: string;
  /** The header of the column holding the SKU (default `sku`). */
  keyColumn?: string;
  /** Column header → target. Without it, headers follow the export column convention (`<alias>`, `<alias>@<dim>=<seg>+…`). */
  mapping?: Record<string, ImportColumnTarget>;
}

/** A problem with one row (and column) of the file; rows count from 1, the header being row 1. */
export interface ImportRowError {
  row: number;
  column?: string;
  message: string;
}

export interface ImportDto {
  id: string;
  schemaId: string;
  status: ImportStatus;
  source: ChangeSetSource;
  keyColumn: string;
  changeSetId: string;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Data rows read so far (the header not counted). */
  rowsRead: number;
  operations: { created: number; updated: number };
  /** Rows whose cells all equal the record's current values: no operation. */
  unchangedRows: number;
  errorCount: number;
  /** The first IMPORT_ERRORS_KEPT errors, in file order. */
  errors: ImportRowError[];
  /** Why the file could not be read to its end (status failed). */
  failure?: string;
}

/** The file's header row starts the import (it must be waiting for its file, and the caller its creator). */
export interface StartImportRequest {
  id: string;
  columns: string[];
}

export interface ImportRow {
  /** Its row number in the file (header = 1). */
  row: number;
  cells: string[];
}

export interface ImportRowsRequest {
  id: string;
  rows: ImportRow[];
}

export interface FinishImportRequest {
  id: string;
  /** Set when the file could not be read to its end: the import fails with this message. */
  failure?: string;
}

export const IMPORT_BATCH_ROWS = 500;
export const IMPORT_ERRORS_KEPT = 100;
export const IMPORT_MAX_FILE_BYTES = 64 * 1024 * 1024;
export const IMPORT_DEFAULT_KEY_COLUMN = 'sku';
export const IMPORT_MEDIA_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
