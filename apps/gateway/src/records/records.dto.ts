import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  ATTRIBUTE_OPERATORS,
  type AttributeOperator,
  MAX_ATTRIBUTE_CONDITIONS,
  RECORD_LIST_DEFAULT_LIMIT,
  RECORD_LIST_MAX_LIMIT,
  RECORD_SORTS,
  type RecordSort,
  type ScopedValue,
  type ValuesMap,
} from '@sigma/contracts';
import { ref } from '../openapi/schemas/dsl';

const VALUES_DESCRIPTION =
  'Attribute alias -> array of scoped values `{ scope, value }`. A scope maps dimension ids to segment ids; `{}` is global. ' +
  'The records service validates each value against the attribute (dataType, rules, dimensions) and answers 400 with ' +
  '`details: [{ field, rule, message, attributeAlias, scope }]` for every broken rule. A `null` value clears that scope.';

export class ListRecordsQueryDto {
  @ApiPropertyOptional({ example: 'schema-apparel' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  schemaId?: string;

  @ApiPropertyOptional({ example: 'state-draft' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStateId?: string;

  @ApiPropertyOptional({
    example: 'cat-outerwear',
    description: 'Only records assigned to this category (not its subcategories), in their sortOrder there, then id; 404 for an unknown category',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  categoryId?: string;

  @ApiPropertyOptional({ example: 'OXF-001', description: 'The record whose global sku value is this' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sku?: string;

  @ApiPropertyOptional({ example: '2024-01-15T00:00:00Z', description: 'Only records written at or after this instant (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;

  @ApiPropertyOptional({
    description:
      `A JSON array (URL-encoded) of up to ${MAX_ATTRIBUTE_CONDITIONS} conditions on attribute values, all of which must hold: ` +
      '`[{"attribute":"price","scope":{"dim-market":"seg-dk"},"operator":"gte","value":500}]`. `scope` is the exact scope compared ' +
      `(absent or {} = global). Operators: ${ATTRIBUTE_OPERATORS.join(', ')} — eq/in compare a value of the attribute's type ` +
      '(a multiselect matches when it holds the option); contains is a case-insensitive substring of a text value; empty/notEmpty take no ' +
      'value (null, "" and [] are empty); gt/gte/lt/lte compare numbers, integers and dates. eq and in are served by an index on the ' +
      'values; combine the others with schemaId, lifecycleStateId, sku, updatedSince or an equality on large catalogs. An unknown ' +
      'attribute, an operator that does not fit its type, a value of the wrong type or a scope outside its dimensions is a 400 naming ' +
      'the condition, e.g. `filters[1].value`.',
    example: '[{"attribute":"garment-type","operator":"eq","value":"shirt"}]',
    type: String,
  })
  @IsOptional()
  @Transform(({ value }) => parseConditions(value))
  @IsArray({ message: 'filters must be a JSON array of {attribute, operator, scope?, value?}' })
  @ArrayMaxSize(MAX_ATTRIBUTE_CONDITIONS)
  @ValidateNested({ each: true })
  filters?: AttributeConditionDto[];

  @ApiPropertyOptional({
    example: 'state-ready',
    description:
      'Only records complete for this workflow state: every slot of its required attributes filled (whatever state the record is in). ' +
      'A state no workflow (of `schemaId`, when given) has is a 400 naming `completeFor`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  completeFor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 100,
    example: 80,
    description:
      'Only records whose completeness percentage (rounded, as GET /records/{id}/completeness answers it) is at least this, ' +
      'for `completenessState` or, without it, for each record\'s current state. Outside 0..100 is a 400.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  completenessGte?: number;

  @ApiPropertyOptional({
    example: 'state-ready',
    description: 'The workflow state `completenessGte` is scored for (requires `completenessGte`); an unknown state is a 400.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  completenessState?: string;

  @ApiPropertyOptional({ enum: RECORD_SORTS, description: 'Default createdAt (with categoryId: the category\'s sort order); - for descending' })
  @IsOptional()
  @IsIn(RECORD_SORTS)
  sort?: RecordSort;

  @ApiPropertyOptional({ description: 'Keyset paging: the nextCursor of the previous page (same filters and sort; offset stays 0)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;

  @ApiPropertyOptional({ type: 'integer', default: RECORD_LIST_DEFAULT_LIMIT, minimum: 1, maximum: RECORD_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECORD_LIST_MAX_LIMIT)
  limit: number = RECORD_LIST_DEFAULT_LIMIT;
}

export class AttributeConditionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  attribute: string;

  @IsOptional()
  @IsObject()
  scope?: Record<string, string>;

  @IsIn(ATTRIBUTE_OPERATORS)
  operator: AttributeOperator;

  @IsOptional()
  value?: unknown;
}

/** `filters` arrives as JSON text; what is not JSON is left as text, which the array check then names. */
function parseConditions(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map((item) => (typeof item === 'object' && item !== null ? plainToInstance(AttributeConditionDto, item) : item)) : parsed;
  } catch {
    return value;
  }
}

export class CreateRecordDto {
  @ApiProperty({ example: 'schema-apparel' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  schemaId: string;

  @ApiProperty({ allOf: [ref('ValuesMap')], description: VALUES_DESCRIPTION })
  @IsObject()
  values: ValuesMap;

  @ApiPropertyOptional({ description: 'Makes the record a variant of this record (same schema)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  parentId?: string;
}

export class UpdateRecordDto {
  @ApiProperty({ allOf: [ref('ValuesMap')], description: `${VALUES_DESCRIPTION} Attributes not named stay unchanged.` })
  @IsObject()
  values: ValuesMap;
}

export class PatchAttributeDto {
  @ApiProperty({ type: 'array', items: ref('ScopedValue'), description: 'The attribute\'s complete new list of scoped values' })
  @IsArray()
  scopedValues: ScopedValue[];
}
