import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkflowEntity } from '../database/workflow.entity';
import { WORKFLOW_SETTINGS, type WorkflowSettings } from '../workflow.settings';
import { DEMO_WORKFLOW } from './demo-workflow';

/**
 * Loads the demo workflow into an empty workflow schema. It is written directly (not through
 * WorkflowsService) so start-up does not depend on the records service being up yet; the demo
 * schema's initial state already matches.
 */
@Injectable()
export class DemoLoader implements OnModuleInit {
  private readonly logger = new Logger('DemoLoader');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WORKFLOW_SETTINGS) private readonly settings: WorkflowSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.settings.loadDemoData) return;
    const loaded = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('workflow:demo-load'))`);
      if (await manager.exists(WorkflowEntity)) return false;
      const now = new Date();
      await manager.insert(WorkflowEntity, { ...DEMO_WORKFLOW, createdAt: now, updatedAt: now });
      return true;
    });
    if (loaded) this.logger.log(`Loaded the demo workflow ${DEMO_WORKFLOW.id}`);
  }
}
