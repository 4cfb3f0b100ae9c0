import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ListRecordsQueryDto } from '../records.dto';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The filters of GET /records (not its paging), one schema (its attributes are the columns), and the file format. */
export class ExportRecordsQueryDto extends PickType(ListRecordsQueryDto, ['lifecycleStateId', 'categoryId', 'sku', 'updatedSince', 'filters', 'completeFor', 'completenessGte', 'completenessState'] as const) {
  @ApiProperty({ example: 'schema-apparel', description: 'The schema whose records are exported; its attributes × scopes are the columns' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  schemaId: string;

  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat = 'csv';
}
