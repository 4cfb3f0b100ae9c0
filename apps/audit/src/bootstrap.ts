import type { INestApplicationContext } from '@nestjs/common';
import { startNatsService } from '@sigma/messaging';
import { AuditModule } from './audit.module';
import { AuditConfig } from './audit.settings';

/** Starts the audit service: consumes record events from JetStream and serves the trail over NATS. */
export function startAuditService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  return startNatsService('audit', AuditConfig, (config) => AuditModule.forConfig(config), env);
}
