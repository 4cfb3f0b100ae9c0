import { DatabaseServiceConfig } from '@sigma/config';

export class ChangeSetsConfig extends DatabaseServiceConfig {}

export const CHANGE_SETS_SETTINGS = Symbol('CHANGE_SETS_SETTINGS');

export interface ChangeSetsSettings {
  loadDemoData: boolean;
}
