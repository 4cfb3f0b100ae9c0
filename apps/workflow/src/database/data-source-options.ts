import type { ServiceDataSourceOptions } from '@sigma/db';
import { WorkflowEntity } from './workflow.entity';
import { WORKFLOW_MIGRATIONS } from './migrations';

export const WORKFLOW_SCHEMA = 'workflow';

/** The workflow service's DataSource: its own schema, entities and migrations (used by the module and by tools/migrate). */
export function workflowDataSourceOptions(config: { databaseUrl: string; DB_POOL_SIZE?: number }): ServiceDataSourceOptions {
  return {
    url: config.databaseUrl,
    schema: WORKFLOW_SCHEMA,
    entities: [WorkflowEntity],
    migrations: WORKFLOW_MIGRATIONS,
    poolSize: config.DB_POOL_SIZE,
    applicationName: 'sigma-workflow',
  };
}
