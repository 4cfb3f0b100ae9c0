import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChangeSetEntity, MessageEntity } from '../database/entities';
import { CHANGE_SETS_SETTINGS, type ChangeSetsSettings } from '../change-sets.settings';
import { INITIAL_CHANGE_SET_STATUS, nextChangeSetStatus } from '../domain/change-set-status';
import { INITIAL_OPERATION_STATUS } from '../domain/operation-status';
import { snapshotRevision } from '../revisions/revision-snapshot';
import { DEMO_CHANGE_SET } from './demo-change-set';

/** Loads the demo change set into an empty change-sets schema, once, in one transaction. */
@Injectable()
export class DemoLoader implements OnModuleInit {
  private readonly logger = new Logger('DemoLoader');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHANGE_SETS_SETTINGS) private readonly settings: ChangeSetsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.settings.loadDemoData) return;
    const demo = DEMO_CHANGE_SET;
    const loaded = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('change-sets:demo-load'))`);
      if (await manager.exists(ChangeSetEntity)) return false;
      await manager.insert(ChangeSetEntity, {
        id: demo.id,
        title: demo.title,
        description: demo.description,
        source: demo.source,
        sourceType: demo.source.type,
        sourceKey: demo.source.id,
        // The demo set has been submitted.
        status: nextChangeSetStatus('submit', INITIAL_CHANGE_SET_STATUS),
        createdBy: demo.createdBy,
        createdAt: demo.createdAt,
        updatedAt: demo.updatedAt,
        submittedAt: demo.submittedAt,
        revisionCount: 0,
        revision: 1,
        schemaIds: ['schema-apparel'],
      });
      for (const [position, operation] of demo.operations.entries()) {
        await manager.query(
          `INSERT INTO operation (id, change_set_id, position, type, entity_id, schema_id, entity_name, entity_sku, status, changes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
          [
            operation.id,
            demo.id,
            position,
            operation.type,
            operation.entityId,
            operation.schemaId,
            operation.entityName,
            operation.entitySku,
            INITIAL_OPERATION_STATUS,
            JSON.stringify(operation.changes),
          ],
        );
      }
      await snapshotRevision(manager, { changeSetId: demo.id, revision: 1, submittedAt: demo.submittedAt, submittedBy: demo.createdBy });
      await manager.insert(
        MessageEntity,
        demo.messages.map((message) => ({ ...message, changeSetId: demo.id, operationId: null })),
      );
      return true;
    });
    if (loaded) this.logger.log(`Loaded the demo change set ${demo.id}`);
  }
}
