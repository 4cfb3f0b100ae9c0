/** Request/response examples of the workspace admin endpoints, shown in the OpenAPI document; typed so they cannot drift. */
import type { AttributeDto, DimensionDto, SchemaDto, UserDto } from '@sigma/contracts';
import { httpError } from '../errors/http-error';
import type { CreateDimensionDto, UpdateDimensionDto } from './dimensions.dto';
import type { CreateSchemaDto, UpdateSchemaDto } from './schemas.dto';

export const dimensionExample = {
  id: 'dim-channel',
  name: 'Channel',
  segments: [
    { id: 'seg-web', name: 'Web shop' },
    { id: 'seg-print', name: 'Print catalog' },
  ],
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
} satisfies DimensionDto;

export const createDimensionExample = {
  id: dimensionExample.id,
  name: dimensionExample.name,
  segments: dimensionExample.segments,
} satisfies CreateDimensionDto;

export const updateDimensionExample = {
  name: 'Sales channel',
  segments: [
    { id: 'seg-web', name: 'Web shop' },
    { id: 'seg-app', name: 'Mobile app' },
  ],
} satisfies UpdateDimensionDto;

export const segmentInUseExample = httpError('conflict', 'Cannot remove segments still used by record values: seg-print (3 records)', [
    {
      field: 'segments',
      rule: 'segment-in-use',
      message: "segment 'seg-print' of 'dim-channel' is used by values of 3 record(s)",
      dimensionId: 'dim-channel',
      segmentId: 'seg-print',
      recordCount: 3,
    },
]);

const footwearAttributes: AttributeDto[] = [
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
} satisfies CreateSchemaDto;

export const schemaExample = { ...createSchemaExample, createdAt: '2024-01-15T10:30:00.000Z', updatedAt: '2024-01-15T10:30:00.000Z' } satisfies SchemaDto;

export const updateSchemaExample = {
  description: 'Shoes, boots and sandals',
  attributes: [
    ...footwearAttributes,
    { alias: 'material', name: 'Upper Material', dataType: 'text', dimensionIds: ['dim-language'], rules: {} },
  ],
} satisfies UpdateSchemaDto;

export const attributeInUseExample = httpError(
  'conflict',
  "Records of schema 'schema-footwear' still hold values: attribute 'shaft-height' cannot be removed: 2 record(s) hold values for it",
  [
    {
      field: 'attributes',
      rule: 'attribute-in-use',
      message: "attribute 'shaft-height' cannot be removed: 2 record(s) hold values for it",
      attributeAlias: 'shaft-height',
      recordCount: 2,
    },
  ],
);

export const schemaValidationErrorExample = httpError('validation-failed', 'attributes[0].dimensionIds: unknown dimension: dim-colour', [
  { field: 'attributes[0].dimensionIds', rule: 'exists', message: 'unknown dimension: dim-colour', attributeAlias: 'product-name' },
]);

export const userExample = {
  id: 'user-7Hk2mP9q',
  username: 'jane.doe',
  displayName: 'Jane Doe',
  roles: ['role-editor'],
  serviceAccount: false,
  createdAt: '2024-01-15T10:30:00.000Z',
  updatedAt: '2024-01-15T10:30:00.000Z',
} satisfies UserDto;
