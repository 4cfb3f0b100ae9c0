import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  DATA_TYPES,
  type DataType,
  GUARD_OPERATORS,
  type GuardOperator,
  STABLE_ID_MAX_LENGTH,
  STABLE_ID_MESSAGE,
  STABLE_ID_PATTERN,
} from '@sigma/contracts';
import { ref } from '../openapi/schemas/dsl';

const stableId = (example: string) =>
  ApiProperty({ example, pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH });

export class ValidationRulesDto {
  @ApiPropertyOptional({ minimum: 0, description: 'text, richtext, url' })
  @IsOptional()
  @IsInt()
  @Min(0)
  minLength?: number;

  @ApiPropertyOptional({ minimum: 0, example: 200, description: 'text, richtext, url; >= minLength' })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxLength?: number;

  @ApiPropertyOptional({ example: '^[A-Z0-9-]+$', description: 'Regular expression (Unicode mode) values must match; text, richtext, url' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  pattern?: string;

  @ApiPropertyOptional({ example: 0, description: 'number, integer' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  min?: number;

  @ApiPropertyOptional({ description: 'number, integer; >= min' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  max?: number;

  @ApiPropertyOptional({ type: [String], example: ['shirt', 'jacket'], description: 'Required (non-empty) for select and multiselect' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(200, { each: true })
  options?: string[];

  @ApiPropertyOptional({ description: 'No two records may hold the same value (same scope), workspace-wide' })
  @IsOptional()
  @IsBoolean()
  unique?: boolean;
}

export class AttributeGuardDto {
  @ApiProperty({ example: 'garment-type', description: 'Another attribute of the same schema; its global value is tested' })
  @IsString()
  @MinLength(1)
  @MaxLength(STABLE_ID_MAX_LENGTH)
  attributeAlias: string;

  @ApiProperty({ enum: GUARD_OPERATORS, example: 'in' })
  @IsIn(GUARD_OPERATORS)
  operator: GuardOperator;

  @ApiPropertyOptional({
    allOf: [ref('JsonValue')],
    example: ['shirt', 'jacket'],
    description: '`in`: a non-empty array; `equals` / `notEquals`: one value; `exists`: none. Values must fit the guarding attribute.',
  })
  @Allow()
  value?: unknown;
}

export class AttributeInputDto {
  @stableId('product-name')
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  alias: string;

  @ApiProperty({ example: 'Product Name', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: DATA_TYPES, example: 'text' })
  @IsIn(DATA_TYPES)
  dataType: DataType;

  @ApiProperty({ type: [String], example: ['dim-language'], description: 'Dimensions values may be scoped by (existing dimension ids); [] = global only' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  dimensionIds: string[];

  @ApiProperty({ type: ValidationRulesDto, description: 'Validation rules; `{}` for none' })
  @IsObject()
  @ValidateNested()
  @Type(() => ValidationRulesDto)
  rules: ValidationRulesDto;

  @ApiPropertyOptional({ type: AttributeGuardDto, description: 'Visible (and counted for completeness) only when the guard holds' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AttributeGuardDto)
  guard?: AttributeGuardDto;
}

const ATTRIBUTES_MAX = 500;

export class CreateSchemaDto {
  @stableId('schema-apparel')
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  id: string;

  @ApiProperty({ example: 'Apparel', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'Garments sold across the Danish and German markets', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @stableId('state-draft')
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  initialLifecycleStateId: string;

  @ApiProperty({ type: [AttributeInputDto], description: 'Attributes in display order; aliases unique within the schema' })
  @IsArray()
  @ArrayMaxSize(ATTRIBUTES_MAX)
  @ValidateNested({ each: true })
  @Type(() => AttributeInputDto)
  attributes: AttributeInputDto[];
}

export class UpdateSchemaDto {
  @ApiPropertyOptional({ example: 'Apparel', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: '`null` or `""` clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;

  @ApiPropertyOptional({ example: 'state-draft', pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  initialLifecycleStateId?: string;

  @ApiPropertyOptional({
    type: [AttributeInputDto],
    description: 'When given, the complete new attribute list (in display order); absent leaves the attributes as they are',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ATTRIBUTES_MAX)
  @ValidateNested({ each: true })
  @Type(() => AttributeInputDto)
  attributes?: AttributeInputDto[];
}
