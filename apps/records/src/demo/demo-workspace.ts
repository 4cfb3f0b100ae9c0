import type { AttributeDto, CreateRecordRequest, RoleId, ScopedValue, UpsertDimensionRequest } from '@sigma/contracts';
import { Roles } from '@sigma/contracts';

/** The demo workspace of docs/product-decisions.md: what `npm start` shows on an empty database. */
export const DEMO_DIMENSIONS: UpsertDimensionRequest[] = [
  { id: 'dim-language', name: 'Language', segments: [{ id: 'seg-da', name: 'Danish' }, { id: 'seg-de', name: 'German' }] },
  { id: 'dim-market', name: 'Market', segments: [{ id: 'seg-dk', name: 'Denmark' }, { id: 'seg-de', name: 'Germany' }] },
];

const language = ['dim-language'];

export const DEMO_SCHEMA = {
  id: 'schema-apparel',
  name: 'Apparel',
  description: 'Garments sold across the Danish and German markets',
  initialLifecycleStateId: 'state-draft',
  attributes: [
    { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: language, rules: { maxLength: 200 } },
    { alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: { unique: true, pattern: '^[A-Z0-9-]+$', maxLength: 64 } },
    { alias: 'price', name: 'Price', dataType: 'number', dimensionIds: ['dim-market'], rules: { min: 0 } },
    { alias: 'description', name: 'Description', dataType: 'richtext', dimensionIds: language, rules: {} },
    { alias: 'short-description', name: 'Short Description', dataType: 'richtext', dimensionIds: language, rules: { maxLength: 500 } },
    { alias: 'long-description', name: 'Long Description', dataType: 'richtext', dimensionIds: language, rules: {} },
    { alias: 'material', name: 'Material', dataType: 'text', dimensionIds: [], rules: {} },
    {
      alias: 'garment-type',
      name: 'Garment Type',
      dataType: 'select',
      dimensionIds: [],
      rules: { options: ['shirt', 'jacket', 'trousers', 'knitwear', 'dress', 'accessory'] },
    },
    {
      alias: 'sleeve-length',
      name: 'Sleeve Length',
      dataType: 'select',
      dimensionIds: [],
      rules: { options: ['short', 'three-quarter', 'long'] },
      guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] },
    },
  ] satisfies AttributeDto[],
};

export const DEMO_USERS: { id: string; username: string; displayName: string; roles: RoleId[] }[] = [
  { id: 'user-admin', username: 'admin', displayName: 'Product Manager', roles: [Roles.admin] },
  { id: 'user-editor', username: 'editor', displayName: 'Catalog Editor', roles: [Roles.editor] },
  { id: 'user-reviewer', username: 'reviewer', displayName: 'Content Reviewer', roles: [Roles.reviewer] },
  { id: 'user-viewer', username: 'viewer', displayName: 'Read-only Viewer', roles: [Roles.viewer] },
  { id: 'user-agent', username: 'agent', displayName: 'Enrichment Agent', roles: [Roles.agent] },
];

/** Demo-only credentials: `<username>-demo`. */
export const demoPassword = (username: string): string => `${username}-demo`;

const named = (global: string, da: string, de: string): ScopedValue[] => [
  { scope: {}, value: global },
  { scope: { 'dim-language': 'seg-da' }, value: da },
  { scope: { 'dim-language': 'seg-de' }, value: de },
];

export const DEMO_RECORDS: (CreateRecordRequest & { id: string })[] = [
  {
    id: 'ent-001',
    schemaId: 'schema-apparel',
    values: {
      'product-name': named('Classic Oxford Shirt', 'Klassisk Oxford-skjorte', 'Klassisches Oxford-Hemd'),
      sku: [{ scope: {}, value: 'OXF-001' }],
      price: [{ scope: {}, value: 79.99 }, { scope: { 'dim-market': 'seg-dk' }, value: 599 }, { scope: { 'dim-market': 'seg-de' }, value: 79.99 }],
      'short-description': [{ scope: {}, value: 'A classic shirt.' }],
      material: [{ scope: {}, value: '100% cotton' }],
      'garment-type': [{ scope: {}, value: 'shirt' }],
      'sleeve-length': [{ scope: {}, value: 'long' }],
    },
  },
  {
    id: 'ent-002',
    schemaId: 'schema-apparel',
    values: {
      'product-name': named('Merino Crew Sweater', 'Merino sweater med rund hals', 'Merino-Pullover mit Rundhals'),
      sku: [{ scope: {}, value: 'MER-002' }],
      price: [{ scope: {}, value: 119 }, { scope: { 'dim-market': 'seg-dk' }, value: 899 }],
      'short-description': [{ scope: {}, value: 'A soft merino sweater.' }],
      material: [{ scope: {}, value: 'Merino wool' }],
      'garment-type': [{ scope: {}, value: 'knitwear' }],
    },
  },
  {
    id: 'ent-003',
    schemaId: 'schema-apparel',
    values: {
      'product-name': named('Harbour Rain Jacket', 'Havne-regnjakke', 'Hafen-Regenjacke'),
      sku: [{ scope: {}, value: 'HRJ-003' }],
      price: [{ scope: {}, value: 189 }, { scope: { 'dim-market': 'seg-dk' }, value: 1399 }, { scope: { 'dim-market': 'seg-de' }, value: 189 }],
      description: [
        { scope: {}, value: 'Waterproof jacket with taped seams.' },
        { scope: { 'dim-language': 'seg-da' }, value: 'Vandtæt jakke med tapede sømme.' },
      ],
      'garment-type': [{ scope: {}, value: 'jacket' }],
    },
  },
  {
    id: 'ent-004',
    schemaId: 'schema-apparel',
    values: {
      'product-name': [{ scope: {}, value: 'Linen Summer Trousers' }],
      sku: [{ scope: {}, value: 'LST-004' }],
      'garment-type': [{ scope: {}, value: 'trousers' }],
    },
  },
];
