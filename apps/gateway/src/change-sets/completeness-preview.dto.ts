import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { COMPLETENESS_PREVIEW_PAGE_DEFAULT_LIMIT, COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT } from '@sigma/contracts';

export class CompletenessPreviewQueryDto {
  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page (of this list or of GET /change-sets/:id/operations); omit for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', default: COMPLETENESS_PREVIEW_PAGE_DEFAULT_LIMIT, maximum: COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(COMPLETENESS_PREVIEW_PAGE_MAX_LIMIT)
  limit = COMPLETENESS_PREVIEW_PAGE_DEFAULT_LIMIT;
}
