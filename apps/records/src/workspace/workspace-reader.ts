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
    return toValueContext(schema, segments);
  }

  /**
   * A schema and its value context for one record write, in one round trip (schema, attributes and
   * the segments of the attributes' dimensions), instead of three queries per create or update.
   * Inside a memoized batch the per-transaction caches serve instead.
   */
  async writeContext(schemaId: string, manager: EntityManager): Promise<{ schema: SchemaDto; context: ValueContext } | undefined> {
    if (this.memo.has(manager)) {
      const schema = await this.findSchema(schemaId, manager);
      return schema && { schema, context: await this.valueContext(schema, manager) };
    }
    const [row] = (await manager.query(WRITE_CONTEXT_SQL, [schemaId])) as WriteContextRow[];
    if (!row) return undefined;
    const schema = toSchemaDto(row, row.attributes);
    const segments = row.segments.map(([dimensionId, id]) => ({ dimensionId, id }));
    return { schema, context: toValueContext(schema, segments) };
  }
}

function toValueContext(schema: SchemaDto, segments: readonly Pick<SegmentEntity, 'dimensionId' | 'id'>[]): ValueContext {
  const segmentsByDimension = new Map<string, Set<string>>();
  for (const segment of segments) {
    const set = segmentsByDimension.get(segment.dimensionId) ?? new Set<string>();
    set.add(segment.id);
    segmentsByDimension.set(segment.dimensionId, set);
  }
  return { attributes: new Map(schema.attributes.map((attribute) => [attribute.alias, attribute])), segmentsByDimension };
}

type WriteContextRow = SchemaEntity & { attributes: AttributeEntity[]; segments: [string, string][] };

/** Column names follow the entities (SchemaEntity, AttributeEntity); json keys are their property names. */
const WRITE_CONTEXT_SQL = `
  SELECT s.id, s.name, s.description,
         s.initial_lifecycle_state_id AS "initialLifecycleStateId", s.created_at AS "createdAt", s.updated_at AS "updatedAt",
         coalesce((SELECT json_agg(json_build_object(
                     'schemaId', a.schema_id, 'alias', a.alias, 'name', a.name, 'dataType', a.data_type,
                     'dimensionIds', a.dimension_ids, 'rules', a.rules, 'guard', a.guard, 'position', a.position))
                   FROM attribute a WHERE a.schema_id = s.id), '[]') AS attributes,
         coalesce((SELECT json_agg(json_build_array(g.dimension_id, g.id))
                   FROM segment g
                   WHERE g.dimension_id IN (SELECT unnest(a.dimension_ids) FROM attribute a WHERE a.schema_id = s.id)), '[]') AS segments
  FROM record_schema s
  WHERE s.id = $1`;
