import { runService } from '@sigma/config';
import { startWebhooksService } from './bootstrap';

runService('webhooks', () => startWebhooksService());
