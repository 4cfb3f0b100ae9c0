import { Injectable } from '@nestjs/common';
import {
  type AttributeDto,
  type CreateImportRequest,
  DomainError,
  ErrorCodes,
  FIND_BY_SKU_MAX,
  generateId,
  IMPORT_BATCH_ROWS,
  IMPORT_DEFAULT_KEY_COLUMN,
  type ImportDto,
  type ImportRowError,
  type ImportRowsRequest,
  IdPrefixes,
  type RpcContext,
  type StartImportRequest,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { ChangeSetsService } from '../change-sets/change-sets.service';
import { type CurrentRecord, diffRows } from './import-diff';
import { resolveColumns } from './import-columns';
import { ImportStore, type ImportState, toImportDto } from './import-store';

/** Imports: a file's rows diffed against the records, batch by batch, into a draft change set. */
@Injectable()
export class ImportsService {
  constructor(
    private readonly store: ImportStore,
    private readonly changeSets: ChangeSetsService,
    private readonly rpc: RpcClient,
  ) {}

  /** The draft set is created now (source from the request, createdBy the caller), so the import has it from the start. */
  async create(request: CreateImportRequest, context: RpcContext): Promise<ImportDto> {
    await this.attributes(request.schemaId);
    const { result: set } = await this.changeSets.create(
      { title: request.title ?? `Import ${request.source.name}`, source: request.source, operations: [] },
      context,
    );
    const state = await this.store.insert({
      id: generateId(IdPrefixes.importJob, 10),
      schemaId: request.schemaId,
      source: request.source,
      keyColumn: request.keyColumn ?? IMPORT_DEFAULT_KEY_COLUMN,
      mapping: request.mapping,
      changeSetId: set.id,
      createdBy: set.createdBy,
    });
    return toImportDto(state);
  }

  async get(id: string): Promise<ImportDto> {
    return toImportDto(await this.store.get(id));
  }

  /** The header row: the columns are resolved once, their problems reported on row 1. */
  async start({ id, columns }: StartImportRequest, context: RpcContext): Promise<ImportDto> {
    const state = await this.store.get(id);
    requireCreator(state, context);
    requireStatus(state, 'waiting-for-file', 'Its file was already sent');
    const attributes = await this.attributes(state.schemaId);
    const resolved = resolveColumns(columns, state.keyColumn, state.mapping, [...attributes.values()]);
    // The schema is read once: every batch parses cells by the attribute types the file started with.
    const types = Object.fromEntries(resolved.columns.map(({ attributeAlias }) => [attributeAlias, pick(attributes.get(attributeAlias))]));
    if (!(await this.store.start(id, { ...resolved, types }))) requireStatus(await this.store.get(id), 'waiting-for-file', 'Its file was already sent');
    return this.get(id);
  }

  /** A batch of rows: diffed, its operations appended as PUT /change-sets/:id appends them, its counts added. */
  async rows({ id, rows }: ImportRowsRequest, context: RpcContext): Promise<ImportDto> {
    if (!Array.isArray(rows) || rows.length > IMPORT_BATCH_ROWS) {
      throw DomainError.validation([{ field: 'rows', rule: 'maxSize', message: `at most ${IMPORT_BATCH_ROWS} rows per batch` }]);
    }
    const state = await this.store.get(id);
    requireCreator(state, context);
    requireStatus(state, 'running', 'Send its file first');
    const columns = state.columns;
    if (!columns) throw DomainError.conflict(`Import '${id}' has no columns`, { status: state.status });
    const attributes = new Map(Object.entries(columns.types));
    const current = await this.current(state.schemaId, rows.map((row) => (row.cells[columns.keyIndex] ?? '').trim()).filter((sku) => sku !== ''));
    const diff = diffRows(rows, { ...columns, keyColumn: state.keyColumn }, attributes, current, state.schemaId);
    const errors = [...diff.errors];
    let appended = diff.operations;
    try {
      await this.changeSets.appendBatch(state.changeSetId, diff.operations.map((entry) => entry.operation), context);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCodes.validationFailed || diff.operations.length === 0) throw error;
      // The set is full (or refuses the batch): the batch's operations are reported, the rows after it still read.
      const first = diff.operations[0].row;
      const last = diff.operations[diff.operations.length - 1].row;
      errors.push({ row: first, message: `Rows ${first}–${last} were not added to change set ${state.changeSetId}: ${error.message}` });
      appended = [];
    }
    const updated = await this.store.addBatch(id, {
      rowsRead: rows.length,
      created: appended.filter((entry) => entry.operation.type === 'create').length,
      updated: appended.filter((entry) => entry.operation.type === 'update').length,
      unchangedRows: diff.unchangedRows,
      errors: errors.sort(byRow),
    });
    return toImportDto(updated);
  }

  async finish({ id, failure }: { id: string; failure?: string }, context: RpcContext): Promise<ImportDto> {
    const state = await this.store.get(id);
    requireCreator(state, context);
    if (!(await this.store.finish(id, failure))) requireStatus(await this.store.get(id), 'running', 'It is not running');
    return this.get(id);
  }

  private async attributes(schemaId: string): Promise<Map<string, AttributeDto>> {
    const schema = await this.rpc.request('records.schema.get', { id: schemaId });
    return new Map(schema.attributes.map((attribute) => [attribute.alias, attribute]));
  }

  private async current(schemaId: string, skus: string[]): Promise<Map<string, CurrentRecord>> {
    const unique = [...new Set(skus)];
    const found = new Map<string, CurrentRecord>();
    for (let start = 0; start < unique.length; start += FIND_BY_SKU_MAX) {
      const page = await this.rpc.request('records.record.find-by-sku', { schemaId, skus: unique.slice(start, start + FIND_BY_SKU_MAX) });
      for (const record of page) if (!found.has(record.sku)) found.set(record.sku, { id: record.id, values: record.values });
    }
    return found;
  }
}

const pick = (attribute: AttributeDto | undefined) => ({ dataType: attribute?.dataType ?? 'text', rules: attribute?.rules ?? {} });

const byRow = (a: ImportRowError, b: ImportRowError) => a.row - b.row;

/** Only the import's creator sends its file (its draft set is theirs too); internal calls (no actor) are the service. */
function requireCreator(state: ImportState, context: RpcContext): void {
  const actor = context.actor;
  if (!actor || actor.userId === state.createdBy) return;
  throw new DomainError(ErrorCodes.forbidden, `Import '${state.id}' was created by ${state.createdBy}: only its creator may send its file`, {
    createdBy: state.createdBy,
  });
}

function requireStatus(state: ImportState, status: ImportState['status'], hint: string): void {
  if (state.status === status) return;
  throw DomainError.conflict(`Import '${state.id}' is ${state.status}, not ${status}. ${hint}.`, { status: state.status, allowed: [status] });
}
