import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AUDIT_BY_CHANGE_SET_MAX_LIMIT,
  type AuditByChangeSetRequest,
  type AuditEntryDto,
  type AuditListRequest,
  type AuditPage,
  DomainError,
} from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { LatestEntryWaiter } from './latest-entry';

interface EntryRow {
  id: string;
  entity_id: string;
  user_id: string;
  occurred_at: Date;
  action: AuditEntryDto['action'];
  changes: AuditEntryDto['changes'];
  change_set_id: string | null;
  operation_id: string | null;
  sequence: number;
}

/** Reads a record's history in record-version order (commit order), oldest first by default. */
@Injectable()
export class AuditQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    private readonly latest: LatestEntryWaiter,
  ) {}

  async list(request: AuditListRequest): Promise<AuditPage> {
    await this.latest.wait(request.entityId);
    const direction = request.order === 'desc' ? 'DESC' : 'ASC';
    const params: unknown[] = [request.entityId];
    let cursor = '';
    if (request.after) {
      const [anchor] = (await this.dataSource.query('SELECT sequence FROM audit_entry WHERE id = $1 AND entity_id = $2', [
        request.after,
        request.entityId,
      ])) as { sequence: number }[];
      if (!anchor) throw DomainError.validation([{ field: 'after', rule: 'exists', message: `no entry '${request.after}' for this record` }]);
      params.push(anchor.sequence);
      cursor = `AND sequence ${direction === 'ASC' ? '>' : '<'} $2`;
    }
    const [{ total }] = (await this.dataSource.query('SELECT count(*)::int AS total FROM audit_entry WHERE entity_id = $1', [
      request.entityId,
    ])) as { total: number }[];
    if (total === 0) await this.requireRecord(request.entityId);
    params.push(request.limit + 1, request.offset);
    const rows = (await this.dataSource.query(
      `SELECT id, entity_id, user_id, occurred_at, action, changes, change_set_id, operation_id, sequence
       FROM audit_entry WHERE entity_id = $1 ${cursor}
       ORDER BY sequence ${direction}, recorded_at ${direction}
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )) as EntryRow[];
    const items = rows.slice(0, request.limit).map(toDto);
    return { items, total, ...(rows.length > request.limit && { nextCursor: items[items.length - 1].id }) };
  }

  /** The entries an apply of a change set wrote, by entry id, a page at a time. */
  async byChangeSet(request: AuditByChangeSetRequest): Promise<{ items: AuditEntryDto[]; nextCursor?: string }> {
    const limit = Math.min(Math.max(1, request.limit), AUDIT_BY_CHANGE_SET_MAX_LIMIT);
    const rows = (await this.dataSource.query(
      `SELECT id, entity_id, user_id, occurred_at, action, changes, change_set_id, operation_id, sequence
       FROM audit_entry WHERE change_set_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [request.changeSetId, request.after ?? null, limit + 1],
    )) as EntryRow[];
    const items = rows.slice(0, limit).map(toDto);
    return { items, ...(rows.length > limit && { nextCursor: items[items.length - 1].id }) };
  }

  async recorded(eventIds: string[]): Promise<string[]> {
    if (eventIds.length === 0) return [];
    const rows = (await this.dataSource.query('SELECT event_id FROM audit_entry WHERE event_id = ANY($1)', [eventIds])) as {
      event_id: string;
    }[];
    return rows.map((row) => row.event_id);
  }

  /** An id with no history is either unknown (404) or a record whose first event is still on its way. */
  private async requireRecord(entityId: string): Promise<void> {
    await this.rpc.request('records.record.get', { id: entityId });
  }
}

function toDto(row: EntryRow): AuditEntryDto {
  return {
    id: row.id,
    entityId: row.entity_id,
    userId: row.user_id,
    timestamp: new Date(row.occurred_at).toISOString(),
    action: row.action,
    changes: row.changes,
    ...(row.change_set_id && { changeSetId: row.change_set_id }),
    ...(row.operation_id && { operationId: row.operation_id }),
  };
}
