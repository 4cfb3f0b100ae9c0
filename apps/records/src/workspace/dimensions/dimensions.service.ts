import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type DimensionDto, DomainError, type UpsertDimensionRequest, type WorkspaceConflict } from '@sigma/contracts';
import { CompletenessRescorer } from '../../completeness/completeness-rescorer';
import { queueRescoreOfDimension } from '../../completeness/completeness-store';
import { DimensionEntity, SegmentEntity } from '../../database/entities';
import { toDimensionDto } from '../mappers';
import { isUniqueViolation, lockRecordWrites } from '../workspace-locks';
import { removedSegmentIds, validateDimension } from './validate-dimension';

/** Creates dimensions and replaces their name and segment list. */
@Injectable()
export class DimensionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rescorer: CompletenessRescorer,
  ) {}

  async create(request: UpsertDimensionRequest): Promise<DimensionDto> {
    const issues = validateDimension(request);
    if (issues.length) throw DomainError.validation(issues);
    try {
      return await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(DimensionEntity, { id: request.id })) throw alreadyExists(request.id);
        const now = new Date();
        const dimension = manager.create(DimensionEntity, { id: request.id, name: request.name, createdAt: now, updatedAt: now });
        await manager.insert(DimensionEntity, dimension);
        const segments = await this.insertSegments(manager, request);
        return toDimensionDto(dimension, segments);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? alreadyExists(request.id) : error;
    }
  }

  /**
   * Replaces name and segments (their order is the new order). Segments may be added and renamed;
   * removing one that any record value is scoped to is a 409 naming it and the number of records.
   */
  async update(request: UpsertDimensionRequest): Promise<DimensionDto> {
    const issues = validateDimension(request);
    if (issues.length) throw DomainError.validation(issues);
    let slotsChanged = false;
    const updated = await this.dataSource.transaction(async (manager) => {
      const dimension = await manager
        .createQueryBuilder(DimensionEntity, 'd')
        .setLock('pessimistic_write')
        .where('d.id = :id', { id: request.id })
        .getOne();
      if (!dimension) throw DomainError.notFound('Dimension', request.id);
      const current = await manager.findBy(SegmentEntity, { dimensionId: request.id });
      const removed = removedSegmentIds(current, request.segments);
      if (removed.length) {
        // No record write may slip a value into a removed segment between this check and the commit.
        await lockRecordWrites(manager);
        const conflicts = await segmentsInUse(manager, request.id, removed);
        if (conflicts.length) {
          throw DomainError.conflict(
            `Cannot remove segments still used by record values: ${conflicts.map((c) => `${c.segmentId} (${c.recordCount} records)`).join(', ')}`,
            conflicts,
          );
        }
      }
      await manager.delete(SegmentEntity, { dimensionId: request.id });
      const segments = await this.insertSegments(manager, request);
      dimension.name = request.name;
      dimension.updatedAt = new Date();
      await manager.update(DimensionEntity, { id: request.id }, { name: dimension.name, updatedAt: dimension.updatedAt });
      // Added or removed segments are added or removed completeness slots of the attributes in this dimension.
      slotsChanged = removed.length > 0 || segments.length !== current.length;
      if (slotsChanged) await queueRescoreOfDimension(manager, request.id);
      return toDimensionDto(dimension, segments);
    });
    if (slotsChanged) this.rescorer.kick();
    return updated;
  }

  private async insertSegments(manager: EntityManager, request: UpsertDimensionRequest): Promise<SegmentEntity[]> {
    const segments = request.segments.map((segment, position) =>
      manager.create(SegmentEntity, { dimensionId: request.id, id: segment.id, name: segment.name, position }),
    );
    if (segments.length) await manager.insert(SegmentEntity, segments);
    return segments;
  }
}

/** Per removed segment, how many records hold a value scoped to it. */
async function segmentsInUse(manager: EntityManager, dimensionId: string, segmentIds: string[]): Promise<WorkspaceConflict[]> {
  const rows: { segment_id: string; record_count: number }[] = await manager.query(
    `SELECT entry -> 'scope' ->> $1 AS segment_id, count(DISTINCT r.id)::int AS record_count
       FROM record r, jsonb_each(r."values") AS attribute(alias, scoped), jsonb_array_elements(attribute.scoped) AS entry
      WHERE entry -> 'scope' ->> $1 = ANY($2::text[])
      GROUP BY 1 ORDER BY 1`,
    [dimensionId, segmentIds],
  );
  return rows.map((row) => ({
    field: 'segments',
    rule: 'segment-in-use',
    message: `segment '${row.segment_id}' of '${dimensionId}' is used by values of ${row.record_count} record(s)`,
    dimensionId,
    segmentId: row.segment_id,
    recordCount: row.record_count,
  }));
}

function alreadyExists(id: string): DomainError {
  return DomainError.conflict(`Dimension '${id}' already exists`, { dimensionId: id });
}
