import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { COMPUTED_FILTER_SCAN_LIMIT, OPERATION_STATUSES, OPERATION_TYPES, type OperationStatus, type OperationType } from '@sigma/contracts';
import { toBoolean } from '../catalogs/catalogs.dto';

/** The filter of an operation page (query) and of a bulk decision (body): every filter given must hold. */
export class OperationFilterDto {
  @ApiPropertyOptional({ enum: OPERATION_STATUSES })
  @IsOptional()
  @IsIn(OPERATION_STATUSES)
  status?: OperationStatus;

  @ApiPropertyOptional({ enum: OPERATION_TYPES })
  @IsOptional()
  @IsIn(OPERATION_TYPES)
  type?: OperationType;

  @ApiPropertyOptional({ description: 'Operations on this record', example: 'ent-001' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  entityId?: string;

  @ApiPropertyOptional({ description: 'Operations proposing a change to this attribute', example: 'product-name' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  attributeAlias?: string;

  @ApiPropertyOptional({ description: 'Operations proposing a change in a scope with this segment (any dimension)', example: 'seg-da' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  segment?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      "true: operations with a change whose oldValue no longer equals the record's value (false: none); compared with the records when read. " +
      `A page examines at most ${COMPUTED_FILTER_SCAN_LIMIT} operations with it: it may hold fewer than limit, even none, with a nextCursor to go on.`,
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  stale?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'true: operations with a proposed value that fails the checks of a record write (data type, options, pattern, min/max, scope, uniqueness), ' +
      `as submit checks them (false: none); bounded per page as stale is.`,
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  invalid?: boolean;
}

export class DecideOperationsDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiProperty({ type: OperationFilterDto, description: 'The operations to decide: those matching every filter given ({} matches all)' })
  @IsObject()
  @ValidateNested()
  @Type(() => OperationFilterDto)
  filter: OperationFilterDto;

  @ApiPropertyOptional({ example: 'Descriptions checked by sampling.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reviewNote?: string;

  @ApiPropertyOptional({ description: 'false when left out. Approve even operations with stale changes; without it such an approval is a 409 `stale-change` listing them.' })
  @IsOptional()
  @IsBoolean()
  allowStale?: boolean;
}
