import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deleteExpiredIdempotencyKeys } from './idempotent-write';

const CLEANUP_EVERY_MS = 10 * 60_000;

/** Deletes expired Idempotency-Keys of the service's schema now and then (claims also drop an expired key they meet). */
@Injectable()
export class IdempotencyJanitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyJanitor');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(
      () => void deleteExpiredIdempotencyKeys(this.dataSource.manager).catch((error) => this.logger.warn(`cleanup failed: ${String(error)}`)),
      CLEANUP_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
