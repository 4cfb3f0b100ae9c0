import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntriesRecorded } from '@sigma/contracts';
import type { AuditRow } from './to-audit-row';

const RECORDED_COLUMNS = 'id, event_id, entity_id, change_set_id, operation_id';

interface RecordedRow {
  id: string;
  event_id: string;
  entity_id: string;
  change_set_id: string | null;
  operation_id: string | null;
}

/** Writes audit rows once per event id, in one statement per batch. */
@Injectable()
export class AuditWriter {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Returns every event of the batch as recorded, whether written now or by an earlier delivery.
   * One statement in the usual case: the new entries come back from RETURNING, those of earlier
   * deliveries from the table.
   */
  async write(rows: AuditRow[]): Promise<AuditEntriesRecorded['entries']> {
    if (rows.length === 0) return [];
    const eventIds = [...new Set(rows.map((row) => row.event_id))];
    const recorded = (await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO audit_entry (id, event_id, event_type, entity_id, sequence, user_id, occurred_at, action, changes,
                                  change_set_id, operation_id, request_id)
         SELECT id, event_id, event_type, entity_id, sequence, user_id, occurred_at, action, changes,
                change_set_id, operation_id, request_id
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, event_id text, event_type text, entity_id text, sequence integer,
              user_id text, occurred_at timestamptz, action text, changes jsonb, change_set_id text, operation_id text, request_id text)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING ${RECORDED_COLUMNS}
       )
       SELECT ${RECORDED_COLUMNS} FROM inserted
       UNION ALL
       SELECT ${RECORDED_COLUMNS} FROM audit_entry
       WHERE event_id = ANY($2) AND event_id NOT IN (SELECT event_id FROM inserted)`,
      [JSON.stringify(rows), eventIds],
    )) as RecordedRow[];
    if (recorded.length < eventIds.length) {
      // An entry another delivery committed while this statement ran is not in its snapshot: read it now.
      const seen = new Set(recorded.map((row) => row.event_id));
      recorded.push(
        ...((await this.dataSource.query(`SELECT ${RECORDED_COLUMNS} FROM audit_entry WHERE event_id = ANY($1)`, [
          eventIds.filter((id) => !seen.has(id)),
        ])) as RecordedRow[]),
      );
    }
    return recorded.map((row) => ({
      eventId: row.event_id,
      auditId: row.id,
      entityId: row.entity_id,
      ...(row.change_set_id && { changeSetId: row.change_set_id }),
      ...(row.operation_id && { operationId: row.operation_id }),
    }));
  }
}
