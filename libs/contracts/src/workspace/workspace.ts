export interface SegmentDto {
  id: string;
  name: string;
}

export interface DimensionDto {
  id: string;
  name: string;
  segments: SegmentDto[];
  createdAt: string;
  updatedAt: string;
}

export interface UpsertDimensionRequest {
  id: string;
  name: string;
  segments: SegmentDto[];
}

export const DATA_TYPES = [
  'text',
  'richtext',
  'number',
  'integer',
  'boolean',
  'date',
  'select',
  'multiselect',
  'url',
] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface ValidationRules {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  min?: number;
  max?: number;
  /** Allowed values of select / multiselect. */
  options?: string[];
  /** The value must not be held by another record (same alias and scope), workspace-wide. */
  unique?: boolean;
}

export const GUARD_OPERATORS = ['equals', 'notEquals', 'in', 'exists'] as const;
export type GuardOperator = (typeof GUARD_OPERATORS)[number];

/** The attribute is visible for a record only when the guard holds on the record's global value of `attributeAlias`. */
export interface AttributeGuard {
  attributeAlias: string;
  operator: GuardOperator;
  value?: unknown;
}

export interface AttributeDto {
  alias: string;
  name: string;
  dataType: DataType;
  dimensionIds: string[];
  rules: ValidationRules;
  guard?: AttributeGuard;
}

export interface SchemaDto {
  id: string;
  name: string;
  description?: string;
  /** Lifecycle state a new record of this schema starts in. */
  initialLifecycleStateId: string;
  attributes: AttributeDto[];
  createdAt: string;
  updatedAt: string;
}

export interface CreateSchemaRequest {
  id: string;
  name: string;
  description?: string;
  initialLifecycleStateId: string;
  attributes: AttributeDto[];
}

export interface UpdateSchemaRequest {
  id: string;
  name?: string;
  description?: string;
  initialLifecycleStateId?: string;
  attributes?: AttributeDto[];
}
