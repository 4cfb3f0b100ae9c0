import { runService } from '@sigma/config';
import { startAuditService } from './bootstrap';

runService('audit', () => startAuditService());
