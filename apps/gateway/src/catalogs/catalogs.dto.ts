import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { STABLE_ID_MAX_LENGTH, STABLE_ID_MESSAGE, STABLE_ID_PATTERN, type Scope } from '@sigma/contracts';

const SORT_ORDER_MAX = 2_147_483_647;
export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CascadeQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'true: also delete child categories and remove record assignments (each affected record gets an audited update)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  cascade?: boolean;
}

export class UpdateCatalogDto {
  @ApiProperty({ example: 'Main catalog', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class CreateCatalogDto extends UpdateCatalogDto {
  @ApiProperty({ example: 'catalog-outlet', pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH })
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  id: string;
}

export class ScopedNameDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'dim-language': 'seg-da' },
    description: 'Dimension id -> segment id of any workspace dimension (usually dim-language); not `{}`: the unscoped name is `name`',
  })
  @IsObject()
  scope: Scope;

  @ApiProperty({ example: 'Overtøj', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  value: string;
}

const NAMES_DESCRIPTION = 'Scoped names, one per scope, like attribute values; replaces the whole list when sent';
const SORT_ORDER_DESCRIPTION = 'Position among its siblings (ascending, ties by id); omitted on create or move: after the last sibling';

export class UpdateCategoryDto {
  @ApiPropertyOptional({ example: 'Outerwear', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: [ScopedNameDto], description: NAMES_DESCRIPTION })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ScopedNameDto)
  names?: ScopedNameDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'cat-collections',
    description: 'New parent in the same catalog (moves the category with its subtree); null: top level',
  })
  @IsOptional()
  @IsString()
  @MaxLength(STABLE_ID_MAX_LENGTH)
  parentId?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: SORT_ORDER_MAX, description: SORT_ORDER_DESCRIPTION })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(SORT_ORDER_MAX)
  sortOrder?: number;
}

export class CreateCategoryDto extends UpdateCategoryDto {
  @ApiProperty({ example: 'cat-rain-jackets', pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH, description: 'Unique across all catalogs' })
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  id: string;

  @ApiProperty({ example: 'Rain jackets', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  declare name: string;
}

export class AssignmentInputDto {
  @ApiProperty({ example: 'cat-outerwear' })
  @IsString()
  @MinLength(1)
  @MaxLength(STABLE_ID_MAX_LENGTH)
  categoryId: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: SORT_ORDER_MAX,
    example: 0,
    description: "The record's position in the category (ascending, ties by record id); omitted: keeps the current one, or after the last record",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(SORT_ORDER_MAX)
  sortOrder?: number;
}

/** An entry of the bare-array form: what GET returns may be sent back as it is. */
export class AssignmentEntryDto extends AssignmentInputDto {
  @ApiPropertyOptional({ example: 'ent-003', description: 'Optional; when sent it must be the record id of the path' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  entityId?: string;
}

export class SetRecordCategoriesDto {
  @ApiProperty({ type: [AssignmentEntryDto], description: 'The complete new set (category ids unique; empty removes every assignment)' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AssignmentEntryDto)
  categories: AssignmentEntryDto[];
}

export class RecordReadQueryDto {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'true: merge the values a variant inherits from its parent chain (per attribute and scope, nearest wins); inherited entries ' +
      'carry `inherited: true` and `inheritedFrom` (the ancestor id). Unique attributes (e.g. sku) are never inherited.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  resolved?: boolean;
}
