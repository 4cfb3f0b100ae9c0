import type { ChangeSetDto, DimensionDto, SchemaDto, WorkflowDto } from '../api/sigma-api';
import { feedbackView, schemaView } from './views';

const at = '2026-01-01T00:00:00Z';
const dimensions: DimensionDto[] = [
  { id: 'dim-language', name: 'Language', segments: [{ id: 'seg-da', name: 'Danish' }, { id: 'seg-de', name: 'German' }], createdAt: at, updatedAt: at },
  { id: 'dim-unused', name: 'Unused', segments: [], createdAt: at, updatedAt: at },
];
const schema: SchemaDto = {
  id: 'schema-apparel',
  name: 'Apparel',
  initialLifecycleStateId: 'state-draft',
  createdAt: at,
  updatedAt: at,
  attributes: [
    { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: ['dim-language'], rules: { maxLength: 200 } },
    { alias: 'garment-type', name: 'Garment Type', dataType: 'select', dimensionIds: [], rules: { options: ['shirt', 'jacket'] } },
    {
      alias: 'sleeve-length',
      name: 'Sleeve Length',
      dataType: 'multiselect',
      dimensionIds: [],
      rules: { options: ['short', 'long'] },
      guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] },
    },
  ],
};
const workflow: WorkflowDto = {
  id: 'workflow-apparel',
  schemaId: 'schema-apparel',
  name: 'Apparel lifecycle',
  initialStateId: 'state-draft',
  states: [{ id: 'state-draft', name: 'Draft', requiredAttributes: ['product-name'] }],
  transitions: [{ id: 't1', name: 'Publish', fromStateId: 'state-draft', toStateId: 'state-draft', allowedRoleIds: ['role-admin'], requiresCompleteness: true }],
  createdAt: at,
  updatedAt: at,
};

describe('schemaView', () => {
  const view = schemaView(schema, dimensions, workflow);

  it('says per attribute which JSON value it takes and which scopes exist', () => {
    expect(view.attributes.map(({ alias, valueType, scopes }) => ({ alias, valueType, scopes }))).toEqual([
      { alias: 'product-name', valueType: 'string', scopes: 'per { "dim-language": "seg-da" | "seg-de" }; {} is a separate global value' },
      { alias: 'garment-type', valueType: 'one string from rules.options', scopes: 'global only: scope {}' },
      { alias: 'sleeve-length', valueType: 'array of distinct strings from rules.options', scopes: 'global only: scope {}' },
    ]);
    expect(view.attributes[2].guard?.meaning).toBe('applies to a record only when its global garment-type in ["shirt","jacket"]; otherwise it is neither filled nor missing');
  });

  it('lists the dimensions the schema uses and the workflow\'s required attributes per state, without role lists', () => {
    expect(view.dimensions.map((dimension) => dimension.id)).toEqual(['dim-language']);
    expect(view.workflow?.states).toEqual([{ id: 'state-draft', name: 'Draft', requiredAttributes: ['product-name'] }]);
    expect(view.workflow?.transitions).toEqual([{ id: 't1', name: 'Publish', fromStateId: 'state-draft', toStateId: 'state-draft', requiresCompleteness: true }]);
    expect(schemaView(schema, dimensions, undefined).workflow).toBeNull();
  });
});

describe('feedbackView', () => {
  const changeSet: ChangeSetDto = {
    id: 'cs_1',
    title: 'Materials',
    source: { type: 'agent', name: 'Claude' },
    status: 'revision_requested',
    createdBy: 'user-agent',
    createdAt: at,
    updatedAt: at,
    revisionCount: 1,
    feedbackSummary: { good: 0, bad: 1, unrated: 0, snippets: 1, message: 'be specific' },
    operations: [
      {
        id: 'cop-1',
        type: 'update',
        entityId: 'ent-002',
        schemaId: 'schema-apparel',
        status: 'pending',
        changes: [
          {
            attributeAlias: 'material',
            newValue: 'wool',
            rating: 'bad',
            annotations: [
              { id: 'snip_1', operationId: 'cop-1', attributeAlias: 'material', text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'which wool?', createdBy: 'user-reviewer', createdAt: at },
            ],
          },
        ],
      },
    ],
  };

  it('puts ratings, annotation spans, messages and the next step in one answer', () => {
    const view = feedbackView(changeSet, [
      { id: 'fmsg_1', changeSetId: 'cs_1', authorId: 'user-reviewer', authorName: 'Content Reviewer', authorType: 'user', timestamp: at, body: 'be specific' },
    ]);
    expect(view.nextStep).toMatch(/revise_change_set .* resubmit_change_set/);
    expect(view.feedbackSummary).toEqual({ good: 0, bad: 1, unrated: 0, snippets: 1, message: 'be specific' });
    expect(view.operations[0].changes[0]).toEqual({
      attributeAlias: 'material',
      scope: {},
      oldValue: undefined,
      newValue: 'wool',
      confidence: undefined,
      reasoning: undefined,
      rating: 'bad',
      annotations: [{ id: 'snip_1', text: 'wool', startOffset: 0, endOffset: 4, sentiment: 'bad', note: 'which wool?', createdBy: 'user-reviewer' }],
    });
    expect(view.messages).toEqual([{ authorName: 'Content Reviewer', authorType: 'user', timestamp: at, body: 'be specific', operationId: undefined }]);
  });
});
