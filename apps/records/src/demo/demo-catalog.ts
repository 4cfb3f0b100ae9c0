import type { EntityManager } from 'typeorm';
import type { CategoryAssignmentDto, ScopedName } from '@sigma/contracts';
import { CatalogEntity, CategoryAssignmentEntity, CategoryEntity } from '../database/entities';

/** The demo catalog of docs/product-decisions.md; ent-003 reproduces the "Get category assignments" example. */
export const DEMO_CATALOG = { id: 'catalog-main', name: 'Main catalog' };

const names = (da: string, de: string): ScopedName[] => [
  { scope: { 'dim-language': 'seg-da' }, value: da },
  { scope: { 'dim-language': 'seg-de' }, value: de },
];

export const DEMO_CATEGORIES: { id: string; parentId: string | null; name: string; names: ScopedName[]; sortOrder: number }[] = [
  { id: 'cat-clothing', parentId: null, name: 'Clothing', names: names('Tøj', 'Bekleidung'), sortOrder: 0 },
  { id: 'cat-outerwear', parentId: 'cat-clothing', name: 'Outerwear', names: names('Overtøj', 'Oberbekleidung'), sortOrder: 0 },
  { id: 'cat-shirts', parentId: 'cat-clothing', name: 'Shirts', names: names('Skjorter', 'Hemden'), sortOrder: 1 },
  { id: 'cat-knitwear', parentId: 'cat-clothing', name: 'Knitwear', names: names('Strik', 'Strickwaren'), sortOrder: 2 },
  { id: 'cat-trousers', parentId: 'cat-clothing', name: 'Trousers', names: names('Bukser', 'Hosen'), sortOrder: 3 },
  { id: 'cat-collections', parentId: null, name: 'Collections', names: names('Kollektioner', 'Kollektionen'), sortOrder: 1 },
  {
    id: 'cat-spring-collection',
    parentId: 'cat-collections',
    name: 'Spring collection',
    names: names('Forårskollektion', 'Frühjahrskollektion'),
    sortOrder: 0,
  },
];

export const DEMO_ASSIGNMENTS: CategoryAssignmentDto[] = [
  { entityId: 'ent-001', categoryId: 'cat-shirts', sortOrder: 0 },
  { entityId: 'ent-001', categoryId: 'cat-spring-collection', sortOrder: 1 },
  { entityId: 'ent-002', categoryId: 'cat-knitwear', sortOrder: 0 },
  { entityId: 'ent-003', categoryId: 'cat-outerwear', sortOrder: 0 },
  { entityId: 'ent-003', categoryId: 'cat-spring-collection', sortOrder: 3 },
  { entityId: 'ent-004', categoryId: 'cat-trousers', sortOrder: 0 },
  { entityId: 'ent-004', categoryId: 'cat-spring-collection', sortOrder: 2 },
];

/**
 * Inserts the catalog inside the demo load's transaction. The assignments are the records' starting
 * state (like their values), so they write no audit events of their own.
 */
export async function insertDemoCatalog(manager: EntityManager, now = new Date()): Promise<void> {
  await manager.insert(CatalogEntity, { ...DEMO_CATALOG, createdAt: now, updatedAt: now });
  // Parents first: the list is in tree order.
  for (const category of DEMO_CATEGORIES) await manager.insert(CategoryEntity, { ...category, catalogId: DEMO_CATALOG.id, createdAt: now, updatedAt: now });
  await manager.insert(
    CategoryAssignmentEntity,
    DEMO_ASSIGNMENTS.map(({ entityId, categoryId, sortOrder }) => ({ recordId: entityId, categoryId, sortOrder, assignedAt: now })),
  );
}
