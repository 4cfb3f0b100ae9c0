import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type CatalogDto, type DeletedCategories, type DeleteWithCascadeRequest, DomainError, type RpcContext, type UpsertCatalogRequest } from '@sigma/contracts';
import { CatalogEntity, CategoryEntity } from '../database/entities';
import { isUniqueViolation } from '../workspace/workspace-locks';
import { RecordWriter } from '../records/writer/record-writer';
import { deleteCategories } from './assignment-store';
import { toCatalogDto } from './catalog.mappers';
import { treeOrder } from './category-tree';
import { validateCatalog } from './validate-category';

/** Catalogs: named containers of one category tree each. */
@Injectable()
export class CatalogsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
  ) {}

  async list(): Promise<CatalogDto[]> {
    return (await this.dataSource.manager.find(CatalogEntity, { order: { id: 'ASC' } })).map(toCatalogDto);
  }

  async get(id: string): Promise<CatalogDto> {
    return toCatalogDto(await findCatalog(this.dataSource.manager, id));
  }

  async create(request: UpsertCatalogRequest): Promise<CatalogDto> {
    const issues = validateCatalog(request);
    if (issues.length) throw DomainError.validation(issues);
    const now = new Date();
    const catalog = this.dataSource.manager.create(CatalogEntity, { id: request.id, name: request.name, createdAt: now, updatedAt: now });
    try {
      await this.dataSource.manager.insert(CatalogEntity, catalog);
    } catch (error) {
      throw isUniqueViolation(error) ? DomainError.conflict(`Catalog '${request.id}' already exists`, { catalogId: request.id }) : error;
    }
    return toCatalogDto(catalog);
  }

  async update(request: UpsertCatalogRequest): Promise<CatalogDto> {
    const issues = validateCatalog(request);
    if (issues.length) throw DomainError.validation(issues);
    return this.dataSource.transaction(async (manager) => {
      const catalog = await lockCatalog(manager, request.id);
      catalog.name = request.name;
      catalog.updatedAt = new Date();
      await manager.update(CatalogEntity, { id: catalog.id }, { name: catalog.name, updatedAt: catalog.updatedAt });
      return toCatalogDto(catalog);
    });
  }

  /** A catalog with categories is a 409 unless `cascade`: then its categories go, and their assignments. */
  async delete(request: DeleteWithCascadeRequest, context: RpcContext): Promise<DeletedCategories> {
    return this.dataSource.transaction(async (manager) => {
      await lockCatalog(manager, request.id);
      const categories = await manager.findBy(CategoryEntity, { catalogId: request.id });
      if (categories.length > 0 && !request.cascade) {
        throw DomainError.conflict(`Catalog '${request.id}' has ${categories.length} categories; delete them first or pass cascade=true`, {
          catalogId: request.id,
          categoryCount: categories.length,
        });
      }
      const deleted = treeOrder(categories).map((category) => category.id).reverse();
      const unassignedRecordIds = await deleteCategories(manager, this.writer, deleted, context);
      await manager.delete(CatalogEntity, { id: request.id });
      return { deleted, unassignedRecordIds };
    });
  }
}

export async function findCatalog(manager: EntityManager, id: string): Promise<CatalogEntity> {
  const catalog = await manager.findOneBy(CatalogEntity, { id });
  if (!catalog) throw DomainError.notFound('Catalog', id);
  return catalog;
}

/** Serialises the structure changes of one catalog's tree (create, move, delete). */
export async function lockCatalog(manager: EntityManager, id: string): Promise<CatalogEntity> {
  const catalog = await manager.createQueryBuilder(CatalogEntity, 'c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
  if (!catalog) throw DomainError.notFound('Catalog', id);
  return catalog;
}
