import { isRoleId, type SchemaDto, type UpsertWorkflowRequest, type ValidationIssue } from '@sigma/contracts';

/**
 * Structural rules of a workflow definition: unique state and transition ids, an initial state
 * that exists, transitions between existing states, known roles, required attributes of the schema.
 */
export function validateWorkflow(request: UpsertWorkflowRequest, schema: SchemaDto): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const aliases = new Set(schema.attributes.map((attribute) => attribute.alias));
  const stateIds = new Set<string>();
  request.states.forEach((state, index) => {
    if (stateIds.has(state.id)) issues.push({ field: `states[${index}].id`, rule: 'unique', message: `state '${state.id}' is defined twice` });
    stateIds.add(state.id);
    state.requiredAttributes.forEach((alias, aliasIndex) => {
      if (!aliases.has(alias))
        issues.push({
          field: `states[${index}].requiredAttributes[${aliasIndex}]`,
          rule: 'exists',
          message: `attribute '${alias}' is not in schema '${schema.id}'`,
          attributeAlias: alias,
        });
    });
  });
  if (!stateIds.has(request.initialStateId))
    issues.push({ field: 'initialStateId', rule: 'exists', message: `'${request.initialStateId}' is not one of the workflow's states` });
  const transitionIds = new Set<string>();
  request.transitions.forEach((transition, index) => {
    const field = `transitions[${index}]`;
    if (transitionIds.has(transition.id))
      issues.push({ field: `${field}.id`, rule: 'unique', message: `transition '${transition.id}' is defined twice` });
    transitionIds.add(transition.id);
    for (const end of ['fromStateId', 'toStateId'] as const) {
      if (!stateIds.has(transition[end]))
        issues.push({ field: `${field}.${end}`, rule: 'exists', message: `'${transition[end]}' is not one of the workflow's states` });
    }
    if (transition.fromStateId === transition.toStateId)
      issues.push({ field: `${field}.toStateId`, rule: 'distinct', message: 'a transition must lead to another state' });
    transition.allowedRoleIds.forEach((role, roleIndex) => {
      if (!isRoleId(role)) issues.push({ field: `${field}.allowedRoleIds[${roleIndex}]`, rule: 'exists', message: `unknown role '${role}'` });
    });
  });
  return issues;
}
