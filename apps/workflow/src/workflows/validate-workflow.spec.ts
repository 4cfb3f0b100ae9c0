import type { SchemaDto, UpsertWorkflowRequest } from '@sigma/contracts';
import { DEMO_WORKFLOW } from '../demo/demo-workflow';
import { validateWorkflow } from './validate-workflow';

const schema = {
  id: 'schema-apparel',
  attributes: ['product-name', 'sku', 'price', 'description', 'material', 'sleeve-length'].map((alias) => ({ alias })),
} as unknown as SchemaDto;

const clone = (): UpsertWorkflowRequest => JSON.parse(JSON.stringify(DEMO_WORKFLOW));

describe('validateWorkflow', () => {
  it('accepts the demo workflow', () => {
    expect(validateWorkflow(DEMO_WORKFLOW, schema)).toEqual([]);
  });

  it('names every broken rule with its field', () => {
    const workflow = clone();
    workflow.initialStateId = 'state-nope';
    workflow.states.push({ id: 'state-draft', name: 'Again', requiredAttributes: ['ghost'] });
    workflow.transitions[0].toStateId = 'state-missing';
    workflow.transitions[1].allowedRoleIds = ['role-root'];
    workflow.transitions[2].id = workflow.transitions[1].id;
    workflow.transitions.push({ ...workflow.transitions[0], id: 'trans-loop', toStateId: 'state-draft' });
    const issues = validateWorkflow(workflow, schema).map(({ field, rule }) => `${field}:${rule}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'initialStateId:exists',
        'states[3].id:unique',
        'states[3].requiredAttributes[0]:exists',
        'transitions[0].toStateId:exists',
        'transitions[1].allowedRoleIds[0]:exists',
        'transitions[2].id:unique',
        'transitions[3].toStateId:distinct',
      ]),
    );
  });
});
