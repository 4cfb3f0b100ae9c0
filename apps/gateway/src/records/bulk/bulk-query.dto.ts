import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { toBoolean } from '../../catalogs/catalogs.dto';

export class BulkQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: all lines or none, in one transaction; false: each line on its own' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  atomic?: boolean;
}
