/** Request/response examples of the workspace admin endpoints, shown in the OpenAPI document. */
export const dimensionExample = {
  id: 'dim-channel',
  name: 'Channel',
  segments: [
    { id: 'seg-web', name: 'Web shop' },
    { id: 'seg-print', name: 'Print catalog' },
  ],
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
};

export const createDimensionExample = { id: dimensionExample.id, name: dimensionExample.name, segments: dimensionExample.segments };

export const updateDimensionExample = {
  name: 'Sales channel',
  segments: [
    { id: 'seg-web', name: 'Web shop' },
    { id: 'seg-app', name: 'Mobile app' },
  ],
};

export const segmentInUseExample = {
  statusCode: 409,
  error: 'Conflict',
  message: 'Cannot remove segments still used by record values: seg-print (3 records)',
  code: 'conflict',
  details: [
    {
      field: 'segments',
      rule: 'segment-in-use',
      message: "segment 'seg-print' of 'dim-channel' is used by values of 3 record(s)",
      dimensionId: 'dim-channel',
      segmentId: 'seg-print',
      recordCount: 3,
    },
  ],
};

const footwearAttributes = [
  { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: ['dim-language'], rules: { maxLength: 200 } },
  { alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: { unique: true, pattern: '^[A-Z0-9-]+$' } },
  { alias: 'shoe-type', name: 'Shoe Type', dataType: 'select', dimensionIds: [], rules: { options: ['sneaker', 'boot', 'sandal'] } },
  {
    alias: 'shaft-height',
    name: 'Shaft Height (cm)',
    dataType: 'number',
    dimensionIds: [],
    rules: { min: 0, max: 60 },
    guard: { attributeAlias: 'shoe-type', operator: 'equals', value: 'boot' },
  },
];

export const createSchemaExample = {
  id: 'schema-footwear',
  name: 'Footwear',
  description: 'Shoes and boots',
  initialLifecycleStateId: 'state-draft',
  attributes: footwearAttributes,
};

export const schemaExample = { ...createSchemaExample, createdAt: '2024-01-15T10:30:00.000Z', updatedAt: '2024-01-15T10:30:00.000Z' };

export const updateSchemaExample = {
  description: 'Shoes, boots and sandals',
  attributes: [
    ...footwearAttributes,
    { alias: 'material', name: 'Upper Material', dataType: 'text', dimensionIds: ['dim-language'], rules: {} },
  ],
};

export const attributeInUseExample = {
  statusCode: 409,
  error: 'Conflict',
  message: "Records of schema 'schema-footwear' still hold values: attribute 'shaft-height' cannot be removed: 2 record(s) hold values for it",
  code: 'conflict',
  details: [
    {
      field: 'attributes',
      rule: 'attribute-in-use',
      message: "attribute 'shaft-height' cannot be removed: 2 record(s) hold values for it",
      attributeAlias: 'shaft-height',
      recordCount: 2,
    },
  ],
};

export const schemaValidationErrorExample = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'attributes[0].dimensionIds: unknown dimension: dim-colour',
  code: 'validation-failed',
  details: [{ field: 'attributes[0].dimensionIds', rule: 'exists', message: 'unknown dimension: dim-colour', attributeAlias: 'product-name' }],
};
