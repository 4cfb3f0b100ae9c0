import { CHANGE_SET_SCHEMAS } from './change-sets.schemas';
import { COMMON_SCHEMAS } from './common.schemas';
import { IMPORT_SCHEMAS } from './imports.schemas';
import { RECORD_SCHEMAS } from './records.schemas';
import { WORKSPACE_SCHEMAS } from './workspace.schemas';

export * from './dsl';

/** Every hand-written component schema of the document (request bodies come from the DTO classes). */
export const COMPONENT_SCHEMAS = { ...COMMON_SCHEMAS, ...RECORD_SCHEMAS, ...WORKSPACE_SCHEMAS, ...CHANGE_SET_SCHEMAS, ...IMPORT_SCHEMAS };

export type SchemaName = keyof typeof COMPONENT_SCHEMAS;
