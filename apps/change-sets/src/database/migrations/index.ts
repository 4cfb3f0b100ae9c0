import { InitialChangeSetsSchema1764000500000 } from './1764000500000-initial-change-sets-schema';

export const CHANGE_SETS_MIGRATIONS = [InitialChangeSetsSchema1764000500000];
