import { InitialWorkflowSchema1764000100000 } from './1764000100000-initial-workflow-schema';

export const WORKFLOW_MIGRATIONS = [InitialWorkflowSchema1764000100000];
