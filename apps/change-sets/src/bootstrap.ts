import type { INestApplicationContext } from '@nestjs/common';
import { startNatsService } from '@sigma/messaging';
import { ChangeSetsModule } from './change-sets.module';
import { ChangeSetsConfig } from './change-sets.settings';

/** Starts the change-set service: the approval workflow and the crash-safe apply, over NATS. */
export function startChangeSetsService(env: NodeJS.ProcessEnv = process.env): Promise<INestApplicationContext> {
  return startNatsService('change-sets', ChangeSetsConfig, (config) => ChangeSetsModule.forConfig(config), env);
}
