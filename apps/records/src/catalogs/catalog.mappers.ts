import type { CatalogDto, CategoryDto } from '@sigma/contracts';
import type { CatalogEntity, CategoryEntity } from '../database/entities';

export function toCatalogDto(catalog: CatalogEntity): CatalogDto {
  return { id: catalog.id, name: catalog.name, createdAt: catalog.createdAt.toISOString(), updatedAt: catalog.updatedAt.toISOString() };
}

export function toCategoryDto(category: CategoryEntity): CategoryDto {
  return {
    id: category.id,
    catalogId: category.catalogId,
    parentId: category.parentId,
    name: category.name,
    names: category.names,
    sortOrder: category.sortOrder,
    createdAt: category.createdAt.toISOString(),
    updatedAt: category.updatedAt.toISOString(),
  };
}
