import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_LIST_DEFAULT_LIMIT, AUDIT_LIST_MAX_LIMIT } from '@sigma/contracts';

export class AuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: AUDIT_LIST_DEFAULT_LIMIT, minimum: 1, maximum: AUDIT_LIST_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_LIST_MAX_LIMIT)
  limit = AUDIT_LIST_DEFAULT_LIMIT;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc: oldest first (default); desc: newest first' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';

  @ApiPropertyOptional({ description: 'Cursor: continue after this entry id (the previous page\'s next cursor: the X-Next-Cursor header of a record\'s audit, nextCursor of a change set\'s)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after?: string;
}
