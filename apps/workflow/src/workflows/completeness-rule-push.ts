import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WorkflowsService } from './workflows.service';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

/**
 * Pushes every workflow's completeness rule to records when the service starts: covers workflows
 * written before records kept rules (the backfill of existing records follows from it), the demo
 * workflow (inserted directly) and a push lost to a crash. Retried until records answers; records
 * changes nothing for a rule it already has, and ignores a push older than its rule.
 */
@Injectable()
export class CompletenessRulePush implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CompletenessRulePush');
  private stopping = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly workflows: WorkflowsService) {}

  onApplicationBootstrap(): void {
    this.running = this.pushAll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async pushAll(): Promise<void> {
    for (let delay = FIRST_RETRY_MS; !this.stopping; delay = Math.min(2 * delay, MAX_RETRY_MS)) {
      try {
        for (const workflow of await this.workflows.list()) {
          if (this.stopping) return;
          await this.workflows.syncCompletenessRule(workflow, new Date(workflow.updatedAt));
        }
        return;
      } catch (error) {
        this.logger.warn(`Pushing completeness rules to records failed (${(error as Error).message}); retrying in ${delay} ms`);
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, delay).unref();
        });
      }
    }
  }
}
