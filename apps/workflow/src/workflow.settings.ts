import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { BaseServiceConfig, toBool, toInt } from '@sigma/config';

export class WorkflowConfig extends BaseServiceConfig {
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA = true;

  @Transform(toBool)
  @IsBoolean()
  RUN_MIGRATIONS = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 5;
}

export const WORKFLOW_SETTINGS = Symbol('WORKFLOW_SETTINGS');

export interface WorkflowSettings {
  loadDemoData: boolean;
}
