import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateBy, ValidateNested } from 'class-validator';
import { IMPORT_DEFAULT_KEY_COLUMN, type ImportColumnTarget } from '@sigma/contracts';
import { SourceDto } from '../change-sets/change-sets.dto';
import { ref } from '../openapi/schemas/dsl';

/** A file has at most this many mapped columns. */
export const IMPORT_MAX_MAPPED_COLUMNS = 1000;

const isTarget = (value: unknown): value is ImportColumnTarget => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { attributeAlias, scope, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof attributeAlias !== 'string' || attributeAlias.length === 0) return false;
  if (scope === undefined) return true;
  return typeof scope === 'object' && scope !== null && !Array.isArray(scope) && Object.values(scope).every((segment) => typeof segment === 'string');
};

const IsColumnMapping = () =>
  ValidateBy({
    name: 'isColumnMapping',
    validator: {
      validate: (value) =>
        typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= IMPORT_MAX_MAPPED_COLUMNS && Object.values(value).every(isTarget),
      defaultMessage: (args) =>
        `${args?.property} must map at most ${IMPORT_MAX_MAPPED_COLUMNS} column headers to { attributeAlias, scope? } (scope: dimension id → segment id)`,
    },
  });

export class CreateImportDto {
  @ApiProperty({ example: 'schema-apparel' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  schemaId: string;

  @ApiProperty({ type: SourceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SourceDto)
  source: SourceDto;

  @ApiPropertyOptional({ description: 'Title of the draft change set (default "Import <source.name>")', example: 'Supplier prices week 48' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ description: `Header of the column holding the SKU (default \`${IMPORT_DEFAULT_KEY_COLUMN}\`)`, example: 'sku' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  keyColumn?: string;

  @ApiPropertyOptional({
    description: 'Column header → { attributeAlias, scope? }. Without it, headers follow the export column convention.',
    type: 'object',
    additionalProperties: ref('ImportColumnTarget'),
    example: { 'Retail price': { attributeAlias: 'price' }, 'Name (EN)': { attributeAlias: 'product-name', scope: { locale: 'en' } } },
  })
  @IsOptional()
  @IsColumnMapping()
  mapping?: Record<string, ImportColumnTarget>;
}
