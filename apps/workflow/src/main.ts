import { runService } from '@sigma/config';
import { startWorkflowService } from './bootstrap';

runService('workflow', () => startWorkflowService());
