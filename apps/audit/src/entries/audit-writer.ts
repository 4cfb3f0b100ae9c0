import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntriesRecorded } from '@sigma/contracts';
import type { AuditRow } from './to-audit-row';

/** Writes audit rows once per event id, in one statement per batch. */
@Injectable()
export class AuditWriter {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns every event of the batch as recorded, whether written now or by an earlier delivery. */
  async write(rows: AuditRow[]): Promise<AuditEntriesRecorded['entries']> {
    if (rows.length === 0) return [];
    await this.dataSource.query(
      `INSERT INTO audit_entry (id, event_id, event_type, entity_id, sequence, user_id, occurred_at, action, changes,
                                change_set_id, operation_id, request_id)
       SELECT id, event_id, event_type, entity_id, sequence, user_id, occurred_at, action, changes,
              change_set_id, operation_id, request_id
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, event_id text, event_type text, entity_id text, sequence integer,
            user_id text, occurred_at timestamptz, action text, changes jsonb, change_set_id text, operation_id text, request_id text)
       ON CONFLICT (event_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
    const recorded = (await this.dataSource.query(
      'SELECT id, event_id, entity_id, change_set_id, operation_id FROM audit_entry WHERE event_id = ANY($1)',
      [rows.map((row) => row.event_id)],
    )) as { id: string; event_id: string; entity_id: string; change_set_id: string | null; operation_id: string | null }[];
    return recorded.map((row) => ({
      eventId: row.event_id,
      auditId: row.id,
      entityId: row.entity_id,
      ...(row.change_set_id && { changeSetId: row.change_set_id }),
      ...(row.operation_id && { operationId: row.operation_id }),
    }));
  }
}
