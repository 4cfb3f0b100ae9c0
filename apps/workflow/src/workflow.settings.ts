import { DatabaseServiceConfig } from '@sigma/config';

export class WorkflowConfig extends DatabaseServiceConfig {
  override DB_POOL_SIZE = 5;
}

export const WORKFLOW_SETTINGS = Symbol('WORKFLOW_SETTINGS');

export interface WorkflowSettings {
  loadDemoData: boolean;
}
