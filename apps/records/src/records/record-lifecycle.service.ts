import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type MoveLifecycleStateRequest, type RecordDto, RecordEvents, type RpcContext } from '@sigma/contracts';
import { appendToOutbox } from '@sigma/db';
import { RecordEntity } from '../database/entities';
import { toRecordDto } from './record.mapper';
import { requireVersion } from './require-version';
import { actorId, recordEvent } from './record-events';

/**
 * Moves a record's lifecycle state for the workflow service. Records stays the single writer of
 * record rows; the compare-and-set on the current state makes one of two racing transitions lose with 409.
 */
@Injectable()
export class RecordLifecycleService {
  constructor(private readonly dataSource: DataSource) {}

  async move(request: MoveLifecycleStateRequest, context: RpcContext): Promise<RecordDto> {
    return this.dataSource.transaction(async (manager) => {
      const record = await manager
        .createQueryBuilder(RecordEntity, 'r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id: request.id })
        .getOne();
      if (!record) throw DomainError.notFound('Record', request.id);
      requireVersion(record, request.expectedVersion);
      if (record.lifecycleStateId !== request.fromStateId) {
        throw DomainError.conflict(`The record is in '${record.lifecycleStateId}', not '${request.fromStateId}'`, {
          currentStateId: record.lifecycleStateId,
          fromStateId: request.fromStateId,
        });
      }
      const now = new Date();
      record.lifecycleStateId = request.toStateId;
      record.version += 1;
      record.updatedAt = now;
      record.updatedBy = actorId(context);
      await manager.update(
        RecordEntity,
        { id: record.id },
        { lifecycleStateId: record.lifecycleStateId, version: record.version, updatedAt: now, updatedBy: record.updatedBy },
      );
      const changes = [{ attributeAlias: 'lifecycleState', scope: {}, oldValue: request.fromStateId, newValue: request.toStateId }];
      await appendToOutbox(manager, [
        recordEvent(
          RecordEvents.transitioned,
          record,
          { schemaId: record.schemaId, changes, transitionId: request.transitionId, fromStateId: request.fromStateId, toStateId: request.toStateId },
          context,
          now,
        ),
      ]);
      return toRecordDto(record);
    });
  }
}
