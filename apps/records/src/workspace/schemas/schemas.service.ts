import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  type AttributeDto,
  type CreateSchemaRequest,
  DomainError,
  type SchemaDto,
  type UpdateSchemaRequest,
  type ValidationIssue,
} from '@sigma/contracts';
import { CompletenessRescorer } from '../../completeness/completeness-rescorer';
import { queueRescore } from '../../completeness/completeness-store';
import { AttributeEntity, DimensionEntity, SchemaEntity } from '../../database/entities';
import { toSchemaDto } from '../mappers';
import { isUniqueViolation, lockRecordWrites } from '../workspace-locks';
import { countAttributeUsage, syncUniqueIndex } from './attribute-usage';
import { findAttributeConflicts, needsUsageCheck, planAttributeChanges } from './schema-changes';
import { validateAttributes, validateSchemaFields } from './validate-schema';

/** Creates schemas and changes them without stranding the values records already hold. */
@Injectable()
export class SchemasService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rescorer: CompletenessRescorer,
  ) {}

  async create(request: CreateSchemaRequest): Promise<SchemaDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.validate(manager, validateSchemaFields(request, false), request.attributes);
        if (await manager.existsBy(SchemaEntity, { id: request.id })) throw alreadyExists(request.id);
        const now = new Date();
        const schema = manager.create(SchemaEntity, {
          id: request.id,
          name: request.name,
          description: emptyToNull(request.description),
          initialLifecycleStateId: request.initialLifecycleStateId,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(SchemaEntity, schema);
        // A new schema has no records yet: nothing to count or index.
        const attributes = await insertAttributes(manager, schema.id, request.attributes);
        return toSchemaDto(schema, attributes);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? alreadyExists(request.id) : error;
    }
  }

  /**
   * Changes the fields given. `attributes`, when given, is the complete new list: new aliases
   * are added, existing ones take the new name, rules, guard and dimensions. Removing an
   * attribute, changing its dataType or dropping one of its dimensions while records hold such
   * values is a 409 naming each alias and the number of records.
   */
  async update(request: UpdateSchemaRequest): Promise<SchemaDto> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const schema = await manager
        .createQueryBuilder(SchemaEntity, 's')
        .setLock('pessimistic_write')
        .where('s.id = :id', { id: request.id })
        .getOne();
      if (!schema) throw DomainError.notFound('Schema', request.id);
      const fieldIssues = validateSchemaFields(request, true);
      if (request.attributes === undefined) {
        if (fieldIssues.length) throw DomainError.validation(fieldIssues);
      } else {
        await this.validate(manager, fieldIssues, request.attributes);
      }
      let attributes = await manager.findBy(AttributeEntity, { schemaId: schema.id });
      if (request.attributes !== undefined) {
        attributes = await this.replaceAttributes(manager, schema.id, attributes, request.attributes);
        // Required attributes may have gained or lost slots (dimensions) or visibility (guards).
        await queueRescore(manager, [schema.id]);
      }
      if (request.name !== undefined) schema.name = request.name;
      if (request.description !== undefined) schema.description = emptyToNull(request.description);
      if (request.initialLifecycleStateId !== undefined) schema.initialLifecycleStateId = request.initialLifecycleStateId;
      schema.updatedAt = new Date();
      await manager.update(
        SchemaEntity,
        { id: schema.id },
        { name: schema.name, description: schema.description, initialLifecycleStateId: schema.initialLifecycleStateId, updatedAt: schema.updatedAt },
      );
      return toSchemaDto(schema, attributes);
    });
    if (request.attributes !== undefined) this.rescorer.kick();
    return updated;
  }

  private async replaceAttributes(
    manager: EntityManager,
    schemaId: string,
    current: AttributeEntity[],
    next: AttributeDto[],
  ): Promise<AttributeEntity[]> {
    const plan = planAttributeChanges(
      current.sort((a, b) => a.position - b.position).map((entity) => ({ ...entity, guard: entity.guard ?? undefined })),
      next,
    );
    if (needsUsageCheck(plan) || plan.uniqueAdded.length) {
      // Record writes wait until this commits, so no value appears between the count and the change.
      await lockRecordWrites(manager);
      const conflicts = findAttributeConflicts(plan, await countAttributeUsage(manager, schemaId, plan));
      if (conflicts.length) {
        throw DomainError.conflict(`Records of schema '${schemaId}' still hold values: ${conflicts.map((c) => c.message).join('; ')}`, conflicts);
      }
    }
    await manager.delete(AttributeEntity, { schemaId });
    const attributes = await insertAttributes(manager, schemaId, next);
    const indexOf = new Map(next.map((attribute, index) => [attribute.alias, index]));
    await syncUniqueIndex(manager, schemaId, plan, (alias) => `attributes[${indexOf.get(alias)}].rules.unique`);
    return attributes;
  }

  /** Field and attribute rules; the dimensions attributes name must exist. Throws with every issue. */
  private async validate(manager: EntityManager, fieldIssues: ValidationIssue[], attributes: unknown): Promise<void> {
    const dimensions = await manager.find(DimensionEntity, { select: { id: true } });
    const issues = [...fieldIssues, ...validateAttributes(attributes, { dimensionIds: new Set(dimensions.map((d) => d.id)) })];
    if (issues.length) throw DomainError.validation(issues);
  }
}

async function insertAttributes(manager: EntityManager, schemaId: string, attributes: AttributeDto[]): Promise<AttributeEntity[]> {
  const entities = attributes.map((attribute, position) =>
    manager.create(AttributeEntity, {
      schemaId,
      alias: attribute.alias,
      name: attribute.name,
      dataType: attribute.dataType,
      dimensionIds: [...attribute.dimensionIds],
      rules: stripUndefined(attribute.rules),
      guard: attribute.guard ? stripUndefined(attribute.guard) : null,
      position,
    }),
  );
  if (entities.length) await manager.insert(AttributeEntity, entities as QueryDeepPartialEntity<AttributeEntity>[]);
  return entities;
}

/** Drops keys whose value is undefined so stored JSON holds only what was given. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

function emptyToNull(description: string | null | undefined): string | null {
  return description === undefined || description === null || description === '' ? null : description;
}

function alreadyExists(id: string): DomainError {
  return DomainError.conflict(`Schema '${id}' already exists`, { schemaId: id });
}
