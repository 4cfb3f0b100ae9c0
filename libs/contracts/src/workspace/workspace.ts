/**
 * Ids of dimensions, segments, schemas and states and attribute aliases are stable strings the
 * workspace chooses (`dim-language`, `seg-da`, `schema-apparel`, `product-name`).
 */
export const STABLE_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const STABLE_ID_MAX_LENGTH = 100;
export const STABLE_ID_MESSAGE = 'must be a stable id: lowercase letters, digits and dashes, starting with a letter or digit';

export function isStableId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= STABLE_ID_MAX_LENGTH && STABLE_ID_PATTERN.test(value);
}

/** Usernames are lowercase so `Admin` and `admin` can never be two accounts. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]*$/;
export const USERNAME_MAX_LENGTH = 100;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

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

/** Partial update: absent fields stay; `attributes`, when given, is the complete new list. */
export interface UpdateSchemaRequest {
  id: string;
  name?: string;
  /** `null` or `""` clears the description. */
  description?: string | null;
  initialLifecycleStateId?: string;
  attributes?: AttributeDto[];
}

/**
 * One reason a workspace change was refused because existing data depends on what it would
 * remove or change (409 `conflict`): which field, which rule, and how many records hold such values.
 */
export interface WorkspaceConflict {
  field: string;
  rule: 'segment-in-use' | 'attribute-in-use' | 'data-type-in-use' | 'dimension-in-use' | 'unique-violated' | 'last-admin';
  message: string;
  recordCount?: number;
  dimensionId?: string;
  segmentId?: string;
  attributeAlias?: string;
}
