import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type CategoryDto,
  type CreateCategoryRequest,
  type DeletedCategories,
  type DeleteWithCascadeRequest,
  DomainError,
  type RpcContext,
  type UpdateCategoryRequest,
} from '@sigma/contracts';
import { CategoryEntity, SegmentEntity } from '../database/entities';
import { issue } from '../workspace/validation-helpers';
import { isUniqueViolation } from '../workspace/workspace-locks';
import { RecordWriter } from '../records/writer/record-writer';
import { deleteCategories, lockCategories } from './assignment-store';
import { toCategoryDto } from './catalog.mappers';
import { findCatalog, lockCatalog } from './catalogs.service';
import { nextSortOrder, subtreeDeepestFirst, treeOrder, wouldCreateCycle } from './category-tree';
import { type SegmentsByDimension, validateCategoryFields } from './validate-category';

/**
 * Categories of a catalog's tree. Every structure change of a tree holds its catalog's row lock,
 * so two concurrent moves can never combine into a cycle.
 */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
  ) {}

  /** The catalog's categories, flat in tree pre-order (parents before children, siblings by sortOrder, id). */
  async list(catalogId: string): Promise<CategoryDto[]> {
    await findCatalog(this.dataSource.manager, catalogId);
    return treeOrder(await this.dataSource.manager.findBy(CategoryEntity, { catalogId })).map(toCategoryDto);
  }

  async get(id: string): Promise<CategoryDto> {
    return toCategoryDto(await findCategory(this.dataSource.manager, id));
  }

  async create(request: CreateCategoryRequest): Promise<CategoryDto> {
    const issues = validateCategoryFields(request, await this.segments(), true);
    if (issues.length) throw DomainError.validation(issues);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockCatalog(manager, request.catalogId);
        if (await manager.existsBy(CategoryEntity, { id: request.id })) throw alreadyExists(request.id);
        const tree = await manager.findBy(CategoryEntity, { catalogId: request.catalogId });
        const parentId = request.parentId ?? null;
        requireParentIn(tree, parentId, request.catalogId);
        const now = new Date();
        const category = manager.create(CategoryEntity, {
          id: request.id,
          catalogId: request.catalogId,
          parentId,
          name: request.name,
          names: request.names ?? [],
          sortOrder: request.sortOrder ?? nextSortOrder(tree.filter((node) => node.parentId === parentId)),
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(CategoryEntity, category);
        return toCategoryDto(category);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? alreadyExists(request.id) : error;
    }
  }

  /** Renames, reorders and moves within the catalog; a move below the category itself is a 409. */
  async update(request: UpdateCategoryRequest): Promise<CategoryDto> {
    const issues = validateCategoryFields(request, await this.segments(), false);
    if (issues.length) throw DomainError.validation(issues);
    return this.dataSource.transaction(async (manager) => {
      const { catalogId } = await findCategory(manager, request.id);
      await lockCatalog(manager, catalogId);
      const tree = await manager.findBy(CategoryEntity, { catalogId });
      const category = tree.find((node) => node.id === request.id);
      if (!category) throw DomainError.notFound('Category', request.id);
      const moving = request.parentId !== undefined && request.parentId !== category.parentId;
      if (moving) {
        const parentId = request.parentId ?? null;
        requireParentIn(tree, parentId, catalogId);
        if (wouldCreateCycle(tree, category.id, parentId)) {
          throw DomainError.conflict(`Cannot move category '${category.id}' below itself ('${parentId}' is in its subtree)`, {
            rule: 'cycle',
            categoryId: category.id,
            parentId,
          });
        }
        category.parentId = parentId;
        if (request.sortOrder === undefined) category.sortOrder = nextSortOrder(tree.filter((node) => node.parentId === parentId && node !== category));
      }
      if (request.name !== undefined) category.name = request.name;
      if (request.names !== undefined) category.names = request.names;
      if (request.sortOrder !== undefined) category.sortOrder = request.sortOrder;
      category.updatedAt = new Date();
      await manager.update(
        CategoryEntity,
        { id: category.id },
        { parentId: category.parentId, name: category.name, names: category.names, sortOrder: category.sortOrder, updatedAt: category.updatedAt },
      );
      return toCategoryDto(category);
    });
  }

  /**
   * A category with child categories or assigned records is a 409 unless `cascade`: then its whole
   * subtree goes, and every record assigned to any of it gets an audited update.
   */
  async delete(request: DeleteWithCascadeRequest, context: RpcContext): Promise<DeletedCategories> {
    return this.dataSource.transaction(async (manager) => {
      const { catalogId } = await findCategory(manager, request.id);
      await lockCatalog(manager, catalogId);
      const tree = await manager.findBy(CategoryEntity, { catalogId });
      const subtree = subtreeDeepestFirst(tree, request.id);
      if (subtree.length === 0) throw DomainError.notFound('Category', request.id);
      if (!request.cascade) {
        // Locked first: no assignment can slip in between this check and the delete.
        await lockCategories(manager, subtree, 'UPDATE');
        const [{ count }] = (await manager.query(
          'SELECT count(*)::int AS count FROM category_assignment WHERE category_id = $1',
          [request.id],
        )) as { count: number }[];
        const childCount = tree.filter((node) => node.parentId === request.id).length;
        if (childCount > 0 || count > 0) {
          throw DomainError.conflict(
            `Category '${request.id}' has ${childCount} child categories and ${count} assigned records; pass cascade=true to delete them too`,
            { categoryId: request.id, childCount, assignedRecordCount: count },
          );
        }
      }
      const unassignedRecordIds = await deleteCategories(manager, this.writer, subtree, context);
      return { deleted: subtree, unassignedRecordIds };
    });
  }

  private async segments(): Promise<SegmentsByDimension> {
    const segments = new Map<string, Set<string>>();
    for (const segment of await this.dataSource.manager.find(SegmentEntity)) {
      segments.set(segment.dimensionId, (segments.get(segment.dimensionId) ?? new Set()).add(segment.id));
    }
    return segments;
  }
}

async function findCategory(manager: EntityManager, id: string): Promise<CategoryEntity> {
  const category = await manager.findOneBy(CategoryEntity, { id });
  if (!category) throw DomainError.notFound('Category', id);
  return category;
}

function requireParentIn(tree: readonly CategoryEntity[], parentId: string | null, catalogId: string): void {
  if (parentId === null || tree.some((node) => node.id === parentId)) return;
  throw DomainError.validation([issue('parentId', 'exists', `category '${parentId}' is not in catalog '${catalogId}'`)]);
}

function alreadyExists(id: string): DomainError {
  return DomainError.conflict(`Category '${id}' already exists`, { categoryId: id });
}
