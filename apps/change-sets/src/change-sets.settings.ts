import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { BaseServiceConfig, toBool, toInt } from '@sigma/config';

export class ChangeSetsConfig extends BaseServiceConfig {
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA = true;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;
}

export const CHANGE_SETS_SETTINGS = Symbol('CHANGE_SETS_SETTINGS');

export interface ChangeSetsSettings {
  loadDemoData: boolean;
}
