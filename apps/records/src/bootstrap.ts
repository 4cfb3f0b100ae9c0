import type { INestApplicationContext } from '@nestjs/common';
import { startNatsService } from '@sigma/messaging';
import { RecordsModule } from './records.module';
import { RecordsConfig } from './records.settings';

/** Starts the records service: a NATS responder with no HTTP of its own. */
export function startRecordsService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  return startNatsService('records', RecordsConfig, (config) => RecordsModule.forConfig(config), env);
}
