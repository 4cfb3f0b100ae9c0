import { DatabaseServiceConfig } from '@sigma/config';

export class AuditConfig extends DatabaseServiceConfig {
  override DB_POOL_SIZE = 5;
}
