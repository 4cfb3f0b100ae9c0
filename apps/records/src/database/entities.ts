import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttributeGuard, DataType, ScopedValue, ValidationRules, ValuesMap } from '@sigma/contracts';
import { CREDENTIAL_ENTITIES } from './credential-entities';

@Entity({ name: 'dimension' })
export class DimensionEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'segment' })
export class SegmentEntity {
  @PrimaryColumn('text', { name: 'dimension_id' }) dimensionId: string;
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('integer') position: number;
}

@Entity({ name: 'record_schema' })
export class SchemaEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text', { name: 'initial_lifecycle_state_id' }) initialLifecycleStateId: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'attribute' })
export class AttributeEntity {
  @PrimaryColumn('text', { name: 'schema_id' }) schemaId: string;
  @PrimaryColumn('text') alias: string;
  @Column('text') name: string;
  @Column('text', { name: 'data_type' }) dataType: DataType;
  @Column('text', { name: 'dimension_ids', array: true }) dimensionIds: string[];
  @Column('jsonb') rules: ValidationRules;
  @Column('jsonb', { nullable: true }) guard: AttributeGuard | null;
  @Column('integer') position: number;
}

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') username: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash' }) passwordHash: string;
  @Column('text', { array: true }) roles: string[];
  /** Bumped when roles or password change; access tokens carry the version they were issued under. */
  @Column('integer', { name: 'token_version', default: 1 }) tokenVersion: number;
  /** No usable password: signs in with API keys only. */
  @Column('boolean', { name: 'service_account', default: false }) serviceAccount: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'record' })
export class RecordEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'schema_id' }) schemaId: string;
  @Column('text', { name: 'lifecycle_state_id' }) lifecycleStateId: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('integer') version: number;
  @Column('jsonb') values: ValuesMap;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('text', { name: 'updated_by' }) updatedBy: string;
}

@Entity({ name: 'catalog' })
export class CatalogEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'category' })
export class CategoryEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'catalog_id' }) catalogId: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text') name: string;
  @Column('jsonb') names: ScopedValue<string>[];
  @Column('integer', { name: 'sort_order' }) sortOrder: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

@Entity({ name: 'category_assignment' })
export class CategoryAssignmentEntity {
  @PrimaryColumn('text', { name: 'record_id' }) recordId: string;
  @PrimaryColumn('text', { name: 'category_id' }) categoryId: string;
  @Column('integer', { name: 'sort_order' }) sortOrder: number;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt: Date;
}

export const CATALOG_ENTITIES = [CatalogEntity, CategoryEntity, CategoryAssignmentEntity];

export const RECORDS_ENTITIES = [DimensionEntity, SegmentEntity, SchemaEntity, AttributeEntity, UserEntity, RecordEntity, ...CATALOG_ENTITIES, ...CREDENTIAL_ENTITIES];
