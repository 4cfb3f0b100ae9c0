import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AttributeEntity, DimensionEntity, SchemaEntity, SegmentEntity, UserEntity } from '../database/entities';
import { RecordWriter } from '../records/writer/record-writer';
import { RECORDS_SETTINGS, type RecordsSettings } from '../records.settings';
import { hashPassword } from '../workspace/users/password';
import { insertDemoCatalog } from './demo-catalog';
import { DEMO_DIMENSIONS, DEMO_RECORDS, DEMO_SCHEMA, DEMO_USERS, demoPassword } from './demo-workspace';

/**
 * Loads the demo workspace into an empty database before the service answers requests: all of it
 * in one transaction, under a lock,
 * so replicas starting together load it once and a crash leaves nothing half-loaded.
 */
@Injectable()
export class DemoLoader implements OnModuleInit {
  private readonly logger = new Logger('DemoLoader');

  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
    @Inject(RECORDS_SETTINGS) private readonly settings: RecordsSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.settings.loadDemoData) return;
    const loaded = await this.load();
    if (loaded) this.logger.log(`Loaded the demo workspace (${DEMO_RECORDS.length} records, ${DEMO_USERS.length} users)`);
  }

  /** Returns false when the database already holds a workspace. */
  async load(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('records:demo-load'))`);
      const [{ used }] = (await manager.query(
        'SELECT (EXISTS (SELECT 1 FROM record_schema) OR EXISTS (SELECT 1 FROM dimension) OR EXISTS (SELECT 1 FROM app_user)) AS used',
      )) as { used: boolean }[];
      if (used) return false;
      await this.insertModel(manager);
      const context = { requestId: 'demo-load', actor: { userId: 'user-admin', roles: DEMO_USERS[0].roles } };
      await this.writer.writeAll(manager, DEMO_RECORDS.map((record) => ({ kind: 'create', ...record }) as const), context);
      await insertDemoCatalog(manager);
      return true;
    });
  }

  private async insertModel(manager: EntityManager): Promise<void> {
    const now = new Date();
    for (const dimension of DEMO_DIMENSIONS) {
      await manager.insert(DimensionEntity, { id: dimension.id, name: dimension.name, createdAt: now, updatedAt: now });
      await manager.insert(
        SegmentEntity,
        dimension.segments.map((segment, position) => ({ dimensionId: dimension.id, ...segment, position })),
      );
    }
    const { attributes, ...schema } = DEMO_SCHEMA;
    await manager.insert(SchemaEntity, { ...schema, createdAt: now, updatedAt: now });
    await manager.insert(
      AttributeEntity,
      attributes.map((attribute, position) => ({ schemaId: schema.id, guard: null, ...attribute, position })),
    );
    for (const user of DEMO_USERS) {
      await manager.insert(UserEntity, { ...user, passwordHash: await hashPassword(demoPassword(user.username)), createdAt: now, updatedAt: now });
    }
  }
}
