import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type DimensionDto, type SchemaDto } from '@sigma/contracts';
import { AttributeEntity, DimensionEntity, SchemaEntity, SegmentEntity } from '../database/entities';
import type { ValueContext } from '../values/scoped-values';
import { toDimensionDto, toSchemaDto } from './mappers';

/** Read side of the workspace model (dimensions, schemas) that record writes validate against. */
@Injectable()
export class WorkspaceReader {
  /** Per-transaction caches opted into with `memoize` (batches that validate many writes against one schema). */
  private readonly memo = new WeakMap<EntityManager, { schemas: Map<string, Promise<SchemaDto | undefined>>; segments?: Promise<SegmentEntity[]> }>();

  constructor(private readonly dataSource: DataSource) {}

  /** Within this transaction, read each schema and the segments once. */
  memoize(manager: EntityManager): void {
    if (!this.memo.has(manager)) this.memo.set(manager, { schemas: new Map() });
  }

  async listDimensions(manager: EntityManager = this.dataSource.manager): Promise<DimensionDto[]> {
    const [dimensions, segments] = await Promise.all([
      manager.find(DimensionEntity, { order: { id: 'ASC' } }),
      manager.find(SegmentEntity),
    ]);
    return dimensions.map((dimension) => toDimensionDto(dimension, segments));
  }

  async getDimension(id: string): Promise<DimensionDto> {
    const dimension = await this.dataSource.manager.findOneBy(DimensionEntity, { id });
    if (!dimension) throw DomainError.notFound('Dimension', id);
    const segments = await this.dataSource.manager.findBy(SegmentEntity, { dimensionId: id });
    return toDimensionDto(dimension, segments);
  }

  async listSchemas(): Promise<SchemaDto[]> {
    const [schemas, attributes] = await Promise.all([
      this.dataSource.manager.find(SchemaEntity, { order: { id: 'ASC' } }),
      this.dataSource.manager.find(AttributeEntity),
    ]);
    return schemas.map((schema) => toSchemaDto(schema, attributes));
  }

  async findSchema(id: string, manager: EntityManager = this.dataSource.manager): Promise<SchemaDto | undefined> {
    const memo = this.memo.get(manager);
    if (!memo) return this.readSchema(id, manager);
    let cached = memo.schemas.get(id);
    if (!cached) {
      cached = this.readSchema(id, manager);
      memo.schemas.set(id, cached);
    }
    return cached;
  }

  private async readSchema(id: string, manager: EntityManager): Promise<SchemaDto | undefined> {
    const schema = await manager.findOneBy(SchemaEntity, { id });
    if (!schema) return undefined;
    const attributes = await manager.findBy(AttributeEntity, { schemaId: id });
    return toSchemaDto(schema, attributes);
  }

  async getSchema(id: string): Promise<SchemaDto> {
    const schema = await this.findSchema(id);
    if (!schema) throw DomainError.notFound('Schema', id);
    return schema;
  }

  /** What validating values of this schema needs. */
  async valueContext(schema: SchemaDto, manager: EntityManager = this.dataSource.manager): Promise<ValueContext> {
    const memo = this.memo.get(manager);
    const segments = await (memo ? (memo.segments ??= manager.find(SegmentEntity)) : manager.find(SegmentEntity));
    const segmentsByDimension = new Map<string, Set<string>>();
    for (const segment of segments) {
      const set = segmentsByDimension.get(segment.dimensionId) ?? new Set<string>();
      set.add(segment.id);
      segmentsByDimension.set(segment.dimensionId, set);
    }
    return { attributes: new Map(schema.attributes.map((attribute) => [attribute.alias, attribute])), segmentsByDimension };
  }
}
