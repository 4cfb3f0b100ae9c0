import { InitialWebhooksSchema1764004000000 } from './1764004000000-initial-webhooks-schema';

export const WEBHOOKS_MIGRATIONS = [InitialWebhooksSchema1764004000000];
