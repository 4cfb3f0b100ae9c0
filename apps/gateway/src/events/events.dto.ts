import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { FEED_DEFAULT_LIMIT, FEED_EVENT_TYPES, FEED_MAX_LIMIT } from '@sigma/contracts';

const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value);

export class FeedQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page; absent: from the oldest event retained', example: '1042' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,15}$/, { message: 'after must be a cursor from a previous page (nextCursor)' })
  after?: string;

  @ApiPropertyOptional({ description: `Comma-separated event types, all when absent: ${FEED_EVENT_TYPES.join(', ')}`, example: 'records.record.updated', type: String })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(FEED_EVENT_TYPES.length)
  @IsIn(FEED_EVENT_TYPES, { each: true, message: `each of types must be one of: ${FEED_EVENT_TYPES.join(', ')}` })
  types?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FEED_MAX_LIMIT)
  limit: number = FEED_DEFAULT_LIMIT;
}
