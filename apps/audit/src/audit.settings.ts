import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { BaseServiceConfig, toBool, toInt } from '@sigma/config';

export class AuditConfig extends BaseServiceConfig {
  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 5;
}
