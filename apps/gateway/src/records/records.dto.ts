import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RECORD_LIST_DEFAULT_LIMIT, RECORD_LIST_MAX_LIMIT, type ScopedValue, type ValuesMap } from '@sigma/contracts';
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

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;

  @ApiPropertyOptional({ default: RECORD_LIST_DEFAULT_LIMIT, minimum: 1, maximum: RECORD_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(RECORD_LIST_MAX_LIMIT)
  limit: number = RECORD_LIST_DEFAULT_LIMIT;
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
