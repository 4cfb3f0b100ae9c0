import { ALL_ROLES, DATA_TYPES, GUARD_OPERATORS } from '@sigma/contracts';
import { arrayOf, boolean, dateTime, integer, nullable, number, object, oneOfStrings, ref, refTo, type Schema, string } from './dsl';

/** Dimensions, schemas, workflows, users and catalogs: the workspace model. */
export const WORKSPACE_SCHEMAS = {
  Segment: object({ id: string(), name: string() }),
  Dimension: object({ id: string(), name: string(), segments: arrayOf(ref('Segment')), createdAt: dateTime(), updatedAt: dateTime() }),
  ValidationRules: object(
    {
      minLength: integer(),
      maxLength: integer(),
      pattern: string(),
      min: number(),
      max: number(),
      options: arrayOf(string(), 'Allowed values of select / multiselect'),
      unique: boolean('The value must not be held by another record (same alias and scope)'),
    },
    { optional: ['minLength', 'maxLength', 'pattern', 'min', 'max', 'options', 'unique'] },
  ),
  AttributeGuard: object(
    { attributeAlias: string(), operator: oneOfStrings(GUARD_OPERATORS), value: refTo('JsonValue', 'none for `exists`') },
    { optional: ['value'], description: 'The attribute is visible only when the guard holds on the global value of `attributeAlias`.' },
  ),
  Attribute: object(
    {
      alias: string(),
      name: string(),
      dataType: oneOfStrings(DATA_TYPES),
      dimensionIds: arrayOf(string()),
      rules: ref('ValidationRules'),
      guard: ref('AttributeGuard'),
    },
    { optional: ['guard'] },
  ),
  Schema: object(
    {
      id: string(),
      name: string(),
      description: string(),
      initialLifecycleStateId: string(),
      attributes: arrayOf(ref('Attribute')),
      createdAt: dateTime(),
      updatedAt: dateTime(),
    },
    { optional: ['description'] },
  ),
  WorkflowState: object({ id: string(), name: string(), requiredAttributes: arrayOf(string()) }),
  Workflow: object({
    id: string(),
    schemaId: string(),
    name: string(),
    initialStateId: string(),
    states: arrayOf(ref('WorkflowState')),
    transitions: arrayOf(ref('Transition')),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  }),
  User: object({
    id: string(),
    username: string(),
    displayName: string(),
    roles: arrayOf(oneOfStrings(ALL_ROLES)),
    serviceAccount: boolean('A machine account: no password, API keys only'),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  }),
  Catalog: object({ id: string(), name: string(), createdAt: dateTime(), updatedAt: dateTime() }),
  ScopedName: object({ scope: ref('Scope'), value: string() }),
  Category: object({
    id: string(),
    catalogId: string(),
    parentId: nullable(string('null at the top level of its catalog')),
    name: string(),
    names: arrayOf(ref('ScopedName')),
    sortOrder: integer('Position among its siblings'),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  }),
  CategoryAssignment: object({ entityId: string(), categoryId: string(), sortOrder: integer() }),
} satisfies Record<string, Schema>;
