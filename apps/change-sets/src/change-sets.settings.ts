import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DatabaseServiceConfig, toInt } from '@sigma/config';

export class ChangeSetsConfig extends DatabaseServiceConfig {
  /**
   * The quick-answer window of POST …/apply (ms): an apply done within it answers 200 with the
   * result, a longer one 202 while it runs on. Below the gateway's 60 s request timeout.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50_000)
  APPLY_QUICK_ANSWER_MS = 10_000;
}

export const CHANGE_SETS_SETTINGS = Symbol('CHANGE_SETS_SETTINGS');

export interface ChangeSetsSettings {
  loadDemoData: boolean;
}
