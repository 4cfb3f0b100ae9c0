import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { registerOutboxBacklog } from '@sigma/messaging';
import { RECORDS_SCHEMA } from '../database/data-source-options';

/** Reports the records outbox rows not yet relayed to JetStream (sigma_outbox_backlog), read on each scrape. */
@Injectable()
export class OutboxBacklogMetric implements OnApplicationBootstrap, OnApplicationShutdown {
  private unregister?: () => void;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.unregister = registerOutboxBacklog(RECORDS_SCHEMA, async () => {
      const [row] = (await this.dataSource.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) as { n: number }[];
      return row.n;
    });
  }

  onApplicationShutdown(): void {
    this.unregister?.();
  }
}
