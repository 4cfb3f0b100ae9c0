import type { AttributeDto, DimensionDto, SchemaDto, UserDto, RoleId } from '@sigma/contracts';
import type { AttributeEntity, DimensionEntity, SchemaEntity, SegmentEntity, UserEntity } from '../database/entities';

export function toDimensionDto(dimension: DimensionEntity, segments: SegmentEntity[]): DimensionDto {
  return {
    id: dimension.id,
    name: dimension.name,
    segments: segments
      .filter((segment) => segment.dimensionId === dimension.id)
      .sort((a, b) => a.position - b.position)
      .map((segment) => ({ id: segment.id, name: segment.name })),
    createdAt: dimension.createdAt.toISOString(),
    updatedAt: dimension.updatedAt.toISOString(),
  };
}

export function toAttributeDto(attribute: AttributeEntity): AttributeDto {
  return {
    alias: attribute.alias,
    name: attribute.name,
    dataType: attribute.dataType,
    dimensionIds: attribute.dimensionIds,
    rules: attribute.rules,
    ...(attribute.guard && { guard: attribute.guard }),
  };
}

export function toSchemaDto(schema: SchemaEntity, attributes: AttributeEntity[]): SchemaDto {
  return {
    id: schema.id,
    name: schema.name,
    ...(schema.description !== null && { description: schema.description }),
    initialLifecycleStateId: schema.initialLifecycleStateId,
    attributes: attributes
      .filter((attribute) => attribute.schemaId === schema.id)
      .sort((a, b) => a.position - b.position)
      .map(toAttributeDto),
    createdAt: schema.createdAt.toISOString(),
    updatedAt: schema.updatedAt.toISOString(),
  };
}

export function toUserDto(user: UserEntity): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles as RoleId[],
    serviceAccount: user.serviceAccount,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
