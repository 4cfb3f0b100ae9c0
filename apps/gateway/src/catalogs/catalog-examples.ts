/** Examples of the catalog, category, assignment and variant endpoints, shown in the OpenAPI document. */
import { recordExample } from '../openapi/record-examples';

const at = '2024-01-15T10:30:00.000Z';

export const catalogExample = { id: 'catalog-main', name: 'Main catalog', createdAt: at, updatedAt: at };
export const createCatalogExample = { id: 'catalog-outlet', name: 'Outlet' };

export const categoryExample = {
  id: 'cat-outerwear',
  catalogId: 'catalog-main',
  parentId: 'cat-clothing',
  name: 'Outerwear',
  names: [
    { scope: { 'dim-language': 'seg-da' }, value: 'Overtøj' },
    { scope: { 'dim-language': 'seg-de' }, value: 'Oberbekleidung' },
  ],
  sortOrder: 0,
  createdAt: at,
  updatedAt: at,
};

export const categoryListExample = [
  { ...categoryExample, id: 'cat-clothing', parentId: null, name: 'Clothing', names: [] },
  categoryExample,
  { ...categoryExample, id: 'cat-shirts', name: 'Shirts', names: [], sortOrder: 1 },
  { ...categoryExample, id: 'cat-collections', parentId: null, name: 'Collections', names: [], sortOrder: 1 },
  { ...categoryExample, id: 'cat-spring-collection', parentId: 'cat-collections', name: 'Spring collection', names: [] },
];

export const createCategoryExample = {
  id: 'cat-rain-jackets',
  name: 'Rain jackets',
  parentId: 'cat-outerwear',
  names: [{ scope: { 'dim-language': 'seg-da' }, value: 'Regnjakker' }],
};

export const moveCategoryExample = { parentId: 'cat-collections', sortOrder: 2 };

export const cycleErrorExample = {
  statusCode: 409,
  error: 'Conflict',
  message: "Cannot move category 'cat-clothing' below itself ('cat-outerwear' is in its subtree)",
  code: 'conflict',
  details: { rule: 'cycle', categoryId: 'cat-clothing', parentId: 'cat-outerwear' },
};

export const categoryInUseExample = {
  statusCode: 409,
  error: 'Conflict',
  message: "Category 'cat-clothing' has 4 child categories and 0 assigned records; pass cascade=true to delete them too",
  code: 'conflict',
  details: { categoryId: 'cat-clothing', childCount: 4, assignedRecordCount: 0 },
};

/** docs/contract/records-api.txt, "Get category assignments". */
export const assignmentsExample = [
  { entityId: 'ent-xK9mP2vL', categoryId: 'cat-outerwear', sortOrder: 0 },
  { entityId: 'ent-xK9mP2vL', categoryId: 'cat-spring-collection', sortOrder: 3 },
];

export const setAssignmentsExample = {
  categories: [
    { categoryId: 'cat-outerwear', sortOrder: 0 },
    { categoryId: 'cat-spring-collection', sortOrder: 3 },
  ],
};

export const addAssignmentExample = { categoryId: 'cat-spring-collection', sortOrder: 3 };

export const resolvedVariantExample = {
  ...recordExample,
  id: 'ent-pL4wQ9zT',
  parentId: 'ent-xK9mP2vL',
  values: {
    'product-name': [
      { scope: {}, value: 'Coastal Windbreaker, navy' },
      { scope: { 'dim-language': 'seg-da' }, value: 'Kyst Vindjakke', inherited: true, inheritedFrom: 'ent-xK9mP2vL' },
    ],
    sku: [{ scope: {}, value: 'CW-001-NAVY' }],
    price: [{ scope: {}, value: 129.99, inherited: true, inheritedFrom: 'ent-xK9mP2vL' }],
  },
};
