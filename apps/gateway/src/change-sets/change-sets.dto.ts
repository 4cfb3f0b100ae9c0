import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import {
  CHANGE_SET_STATUSES,
  type ChangeSetStatus,
  MAX_OPERATIONS_PER_CHANGE_SET,
  OPERATION_PAGE_DEFAULT_LIMIT,
  OPERATION_PAGE_MAX_LIMIT,
  OPERATION_TYPES,
  type OperationType,
  RECORD_LIST_DEFAULT_LIMIT,
  RECORD_LIST_MAX_LIMIT,
  SOURCE_TYPES,
  type SourceType,
} from '@sigma/contracts';
import { ref } from '../openapi/schemas/dsl';
import { OperationFilterDto } from './large-sets.dto';

/** The property must be present (null allowed: a null newValue clears the scoped value). */
const IsPresent = () =>
  ValidateBy({ name: 'isPresent', validator: { validate: (value) => value !== undefined, defaultMessage: (args) => `${args?.property} is required (null clears)` } });

export const IsStringMap = () =>
  ValidateBy({
    name: 'isStringMap',
    validator: {
      validate: (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'),
      defaultMessage: (args) => `${args?.property} must map dimension ids to segment ids`,
    },
  });

export class SourceDto {
  @ApiProperty({ enum: SOURCE_TYPES, example: 'agent' })
  @IsIn(SOURCE_TYPES)
  type: SourceType;

  @ApiPropertyOptional({ example: 'agent-claude' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  id?: string;

  @ApiProperty({ example: 'Claude' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Enrichment pipeline run #47' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  context?: string;
}

export class ChangeDto {
  @ApiProperty({ example: 'short-description' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  attributeAlias: string;

  @ApiPropertyOptional({ example: 'Short Description' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  attributeName?: string;

  @ApiPropertyOptional({ allOf: [ref('Scope')], example: {}, description: 'Dimension scope of the targeted value; {} (global) when omitted' })
  @IsOptional()
  @IsStringMap()
  scope?: Record<string, string>;

  @ApiPropertyOptional({
    allOf: [ref('JsonValue')],
    description: 'The value the source saw. When given, apply refuses the change (code conflict) if the value changed since.',
  })
  @IsOptional()
  oldValue?: unknown;

  @ApiProperty({ allOf: [ref('JsonValue')], description: 'Proposed value; null clears the scoped value' })
  @IsPresent()
  newValue: unknown;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.92 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  confidence?: number;

  @ApiPropertyOptional({ example: 'Enhanced with fabric details and style context' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reasoning?: string;
}

export class OperationDto {
  @ApiProperty({ enum: OPERATION_TYPES })
  @IsIn(OPERATION_TYPES)
  type: OperationType;

  @ApiPropertyOptional({ example: 'ent-001', description: 'Required for update/delete, absent for create (checked at submit)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;

  @ApiProperty({ example: 'schema-apparel' })
  @IsString()
  @MinLength(1)
  schemaId: string;

  @ApiProperty({ type: [ChangeDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ChangeDto)
  changes: ChangeDto[];
}

/** PATCH an operation: its changes, replaced whole. */
export class ReplaceChangesDto {
  @ApiProperty({ type: [ChangeDto], description: 'The operation\'s changes from now on (at most 1000), in the shape of a create' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ChangeDto)
  changes: ChangeDto[];
}

export class RevisionParamsDto {
  @ApiProperty({ description: 'The change set id', example: 'cs-agent-enrichment' })
  @IsString()
  @MaxLength(200)
  id: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'A revision number of the set (1 is its first submission)', example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  n: number;
}

export class AddOperationsDto {
  @ApiProperty({ type: [OperationDto], description: `At most ${MAX_OPERATIONS_PER_CHANGE_SET} operations per change set` })
  @IsArray()
  @ArrayMaxSize(MAX_OPERATIONS_PER_CHANGE_SET)
  @ValidateNested({ each: true })
  @Type(() => OperationDto)
  operations: OperationDto[];
}

export class CreateChangeSetDto extends AddOperationsDto {
  @ApiProperty({ example: 'AI Product Enrichment' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ example: 'AI-generated descriptions for 2 products' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: SourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SourceDto)
  source: SourceDto;
}

export class ListChangeSetsQueryDto {
  @ApiPropertyOptional({ enum: CHANGE_SET_STATUSES })
  @IsOptional()
  @IsIn(CHANGE_SET_STATUSES)
  status?: ChangeSetStatus;

  @ApiPropertyOptional({ enum: SOURCE_TYPES })
  @IsOptional()
  @IsIn(SOURCE_TYPES)
  sourceType?: SourceType;

  @ApiPropertyOptional({ example: 'schema-apparel' })
  @IsOptional()
  @IsString()
  schemaId?: string;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;

  @ApiPropertyOptional({ type: 'integer', default: RECORD_LIST_DEFAULT_LIMIT, maximum: RECORD_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECORD_LIST_MAX_LIMIT)
  limit = RECORD_LIST_DEFAULT_LIMIT;
}

export class OperationPageQueryDto extends OperationFilterDto {
  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page; omit for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', default: OPERATION_PAGE_DEFAULT_LIMIT, maximum: OPERATION_PAGE_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(OPERATION_PAGE_MAX_LIMIT)
  limit = OPERATION_PAGE_DEFAULT_LIMIT;
}

export class ReviewNoteDto {
  @ApiPropertyOptional({ example: 'Looks great, applying to catalog.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reviewNote?: string;
}

export class ApproveDto extends ReviewNoteDto {
  @ApiPropertyOptional({
    description:
      'false when left out. Approve even operations with stale changes (oldValue no longer equal to the record\'s value, flagged `stale` when the set is read). ' +
      'Without it such an approval is a 409 `stale-change` listing them. Apply still refuses a change whose oldValue differs (conflict).',
  })
  @IsOptional()
  @IsBoolean()
  allowStale?: boolean;
}

const CHANGE_SCOPE_DESCRIPTION =
  'Scope of the change meant (dimension id → segment id; key order does not matter), when the operation proposes the attribute in ' +
  'several scopes; may be left out when it proposes exactly one change to it. 400 naming `scope` when it is left out but ambiguous, ' +
  'or names a scope the operation proposes no change to the attribute in.';

export class RateDto {
  @ApiProperty({ example: 'short-description' })
  @IsString()
  attributeAlias: string;

  @ApiPropertyOptional({ allOf: [ref('Scope')], example: { 'dim-language': 'seg-da' }, description: CHANGE_SCOPE_DESCRIPTION })
  @IsOptional()
  @IsStringMap()
  scope?: Record<string, string>;

  @ApiProperty({ enum: ['good', 'bad'] })
  @IsIn(['good', 'bad'])
  rating: 'good' | 'bad';
}

export class AnnotateDto {
  @ApiProperty({ example: 'short-description' })
  @IsString()
  attributeAlias: string;

  @ApiPropertyOptional({ allOf: [ref('Scope')], example: { 'dim-language': 'seg-da' }, description: CHANGE_SCOPE_DESCRIPTION })
  @IsOptional()
  @IsStringMap()
  scope?: Record<string, string>;

  @ApiProperty({ example: 'premium cotton' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;

  @ApiProperty({ example: 28 })
  @IsInt()
  @Min(0)
  startOffset: number;

  @ApiProperty({ example: 42 })
  @IsInt()
  @Min(0)
  endOffset: number;

  @ApiProperty({ enum: ['good', 'bad'] })
  @IsIn(['good', 'bad'])
  sentiment: 'good' | 'bad';

  @ApiPropertyOptional({ example: 'Good use of material specification' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class PostMessageDto {
  @ApiProperty({ example: 'user-admin', description: 'Must be the caller\'s own user id (from the token)' })
  @IsString()
  authorId: string;

  @ApiProperty({ example: 'Product Manager' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  authorName: string;

  @ApiProperty({ enum: ['user', 'agent'], description: '"agent" exactly when the caller has the agent role' })
  @IsIn(['user', 'agent'])
  authorType: 'user' | 'agent';

  @ApiProperty({ example: 'Please add SEO keywords for summer 2025 collection.' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  body: string;

  @ApiPropertyOptional({ example: 'cop-enrich-1' })
  @IsOptional()
  @IsString()
  operationId?: string;
}

export class RequestRevisionDto {
  @ApiProperty({ example: 'user-admin', description: 'Must be the caller\'s own user id (from the token)' })
  @IsString()
  requestedBy: string;

  @ApiPropertyOptional({ example: 'Descriptions need more product-specific details.' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  message?: string;
}
