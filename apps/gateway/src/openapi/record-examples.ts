/** Request/response examples from the API contract (docs/contract/records-api.txt), shown in the OpenAPI document. */
const coastalValues = {
  'product-name': [
    { scope: {}, value: 'Coastal Windbreaker' },
    { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke' },
  ],
  sku: [{ scope: {}, value: 'CW-001' }],
  price: [{ scope: {}, value: 129.99 }],
};

export const recordExample = {
  id: 'ent-xK9mP2vL',
  schemaId: 'schema-apparel',
  lifecycleStateId: 'state-draft',
  parentId: null,
  version: 1,
  createdAt: '2024-01-15T10:30:00Z',
  updatedAt: '2024-01-16T14:22:00Z',
  createdBy: 'user-admin',
  updatedBy: 'user-admin',
  values: coastalValues,
};

export const recordPageExample = { items: [{ ...recordExample, id: 'ent-coastal-wb' }], total: 47, offset: 0, limit: 10 };

export const createRecordExample = {
  schemaId: 'schema-apparel',
  values: {
    'product-name': [
      { scope: {}, value: 'Coastal Windbreaker' },
      { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke' },
      { scope: { 'dim-language': 'seg-de' }, value: 'Kuesten Windjacke' },
    ],
    sku: [{ scope: {}, value: 'CW-001' }],
    price: [
      { scope: {}, value: 129.99 },
      { scope: { 'dim-market': 'seg-dk' }, value: 969 },
    ],
    description: [
      { scope: {}, value: 'Lightweight windbreaker for coastal adventures' },
      { scope: { 'dim-language': 'seg-da' }, value: 'Let vindjakke til eventyr langs kysten' },
    ],
  },
};

export const updateRecordExample = {
  values: {
    price: [
      { scope: {}, value: 149.99 },
      { scope: { 'dim-market': 'seg-dk' }, value: 1099 },
      { scope: { 'dim-market': 'seg-de' }, value: 159.99 },
    ],
  },
};

export const patchAttributeExample = {
  scopedValues: [
    { scope: {}, value: 'Coastal Windbreaker Pro' },
    { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke Pro' },
    { scope: { 'dim-language': 'seg-de' }, value: 'Kuesten Windjacke Pro' },
  ],
};

export const validationErrorExample = {
  statusCode: 400,
  error: 'Bad Request',
  message: "values.price[0].value: must be a finite number",
  code: 'validation-failed',
  details: [
    { field: 'values.price[0].value', rule: 'dataType', message: 'must be a finite number', attributeAlias: 'price', scope: {} },
  ],
};
