import { type AttributeDto, DATA_TYPES, type DataType, type UpdateSchemaRequest, type ValidationIssue } from '@sigma/contracts';
import { checkName, checkStableId, checkUnique, DESCRIPTION_MAX_LENGTH, issue } from '../validation-helpers';
import { validateGuards } from './validate-guards';
import { validateRules } from './validate-rules';

export const MAX_ATTRIBUTES = 500;

/** What checking a schema needs to know of the rest of the workspace. */
export interface SchemaContext {
  dimensionIds: ReadonlySet<string>;
}

/**
 * The schema's own fields. With `partial` (an update) absent fields are fine; `id` is then the
 * path's id, already known to exist.
 */
export function validateSchemaFields(request: Omit<UpdateSchemaRequest, 'attributes'>, partial: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!partial) issues.push(...checkStableId(request.id, 'id'));
  if (!partial || request.name !== undefined) issues.push(...checkName(request.name, 'name'));
  if (!partial || request.initialLifecycleStateId !== undefined)
    issues.push(...checkStableId(request.initialLifecycleStateId, 'initialLifecycleStateId'));
  const description = request.description;
  if (description !== undefined && description !== null) {
    if (typeof description !== 'string') issues.push(issue('description', 'type', 'must be a string'));
    else if (description.length > DESCRIPTION_MAX_LENGTH)
      issues.push(issue('description', 'maxLength', `must be at most ${DESCRIPTION_MAX_LENGTH} characters`));
  }
  return issues;
}

/**
 * A schema's complete attribute list: stable, distinct aliases; names; known data types;
 * dimensions that exist (each once); rules that fit the data type; guards on other attributes.
 */
export function validateAttributes(attributes: unknown, context: SchemaContext, path = 'attributes'): ValidationIssue[] {
  if (!Array.isArray(attributes)) return [issue(path, 'type', 'must be an array of attributes')];
  if (attributes.length > MAX_ATTRIBUTES) return [issue(path, 'maxSize', `at most ${MAX_ATTRIBUTES} attributes`)];
  const issues: ValidationIssue[] = [];
  const wellFormed: AttributeDto[] = [];
  attributes.forEach((attribute: unknown, index) => {
    const own = validateAttribute(attribute, context, `${path}[${index}]`);
    issues.push(...own);
    if (own.length === 0) wellFormed.push(attribute as AttributeDto);
  });
  issues.push(...checkUnique(attributes as { alias?: unknown }[], (a) => a?.alias, (index) => `${path}[${index}].alias`, 'alias'));
  // Guards are checked across the list once each attribute is sound; a broken target was reported above.
  if (wellFormed.length === attributes.length) issues.push(...validateGuards(wellFormed, path));
  return issues;
}

function validateAttribute(attribute: unknown, context: SchemaContext, path: string): ValidationIssue[] {
  if (typeof attribute !== 'object' || attribute === null) return [issue(path, 'type', 'must be an attribute object')];
  const { alias, name, dataType, dimensionIds, rules } = attribute as Partial<AttributeDto>;
  const at = typeof alias === 'string' ? { attributeAlias: alias } : {};
  const issues: ValidationIssue[] = [...checkStableId(alias, `${path}.alias`), ...checkName(name, `${path}.name`)];
  if (!(DATA_TYPES as readonly unknown[]).includes(dataType))
    issues.push(issue(`${path}.dataType`, 'dataType', `must be one of: ${DATA_TYPES.join(', ')}`));
  else issues.push(...validateRules(dataType as DataType, rules, `${path}.rules`));
  issues.push(...checkDimensionIds(dimensionIds, context, `${path}.dimensionIds`));
  return issues.map((found) => ({ ...found, ...at }));
}

function checkDimensionIds(dimensionIds: unknown, context: SchemaContext, field: string): ValidationIssue[] {
  if (!Array.isArray(dimensionIds) || !dimensionIds.every((id) => typeof id === 'string'))
    return [issue(field, 'type', 'must be an array of dimension ids')];
  const issues: ValidationIssue[] = [];
  const unknown = dimensionIds.filter((id) => !context.dimensionIds.has(id));
  if (unknown.length) issues.push(issue(field, 'exists', `unknown dimension${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`));
  if (new Set(dimensionIds).size !== dimensionIds.length) issues.push(issue(field, 'unique', 'lists a dimension more than once'));
  return issues;
}
