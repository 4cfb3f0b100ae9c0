import { Injectable } from '@nestjs/common';
import type { RpcContext, RpcRequest, RpcResponse } from '@sigma/contracts';
import { RpcHandler } from '@sigma/messaging';
import { CatalogsService } from './catalogs.service';
import { CategoriesService } from './categories.service';
import { CategoryAssignmentsService } from './category-assignments.service';

/** NATS face of catalogs, categories and a record's category assignments. */
@Injectable()
export class CatalogsHandler {
  constructor(
    private readonly catalogs: CatalogsService,
    private readonly categories: CategoriesService,
    private readonly assignments: CategoryAssignmentsService,
  ) {}

  @RpcHandler('records.catalog.list')
  listCatalogs(): Promise<RpcResponse<'records.catalog.list'>> {
    return this.catalogs.list();
  }

  @RpcHandler('records.catalog.get')
  getCatalog({ id }: RpcRequest<'records.catalog.get'>): Promise<RpcResponse<'records.catalog.get'>> {
    return this.catalogs.get(id);
  }

  @RpcHandler('records.catalog.create')
  createCatalog(request: RpcRequest<'records.catalog.create'>): Promise<RpcResponse<'records.catalog.create'>> {
    return this.catalogs.create(request);
  }

  @RpcHandler('records.catalog.update')
  updateCatalog(request: RpcRequest<'records.catalog.update'>): Promise<RpcResponse<'records.catalog.update'>> {
    return this.catalogs.update(request);
  }

  @RpcHandler('records.catalog.delete')
  deleteCatalog(request: RpcRequest<'records.catalog.delete'>, context: RpcContext): Promise<RpcResponse<'records.catalog.delete'>> {
    return this.catalogs.delete(request, context);
  }

  @RpcHandler('records.category.list')
  listCategories({ catalogId }: RpcRequest<'records.category.list'>): Promise<RpcResponse<'records.category.list'>> {
    return this.categories.list(catalogId);
  }

  @RpcHandler('records.category.get')
  getCategory({ id }: RpcRequest<'records.category.get'>): Promise<RpcResponse<'records.category.get'>> {
    return this.categories.get(id);
  }

  @RpcHandler('records.category.create')
  createCategory(request: RpcRequest<'records.category.create'>): Promise<RpcResponse<'records.category.create'>> {
    return this.categories.create(request);
  }

  @RpcHandler('records.category.update')
  updateCategory(request: RpcRequest<'records.category.update'>): Promise<RpcResponse<'records.category.update'>> {
    return this.categories.update(request);
  }

  @RpcHandler('records.category.delete')
  deleteCategory(request: RpcRequest<'records.category.delete'>, context: RpcContext): Promise<RpcResponse<'records.category.delete'>> {
    return this.categories.delete(request, context);
  }

  @RpcHandler('records.record.list-categories')
  listRecordCategories({ id }: RpcRequest<'records.record.list-categories'>): Promise<RpcResponse<'records.record.list-categories'>> {
    return this.assignments.list(id);
  }

  @RpcHandler('records.record.set-categories')
  setRecordCategories(
    request: RpcRequest<'records.record.set-categories'>,
    context: RpcContext,
  ): Promise<RpcResponse<'records.record.set-categories'>> {
    return this.assignments.set(request, context);
  }

  @RpcHandler('records.record.add-category')
  addRecordCategory(request: RpcRequest<'records.record.add-category'>, context: RpcContext): Promise<RpcResponse<'records.record.add-category'>> {
    return this.assignments.add(request, context);
  }

  @RpcHandler('records.record.remove-category')
  removeRecordCategory(
    request: RpcRequest<'records.record.remove-category'>,
    context: RpcContext,
  ): Promise<RpcResponse<'records.record.remove-category'>> {
    return this.assignments.remove(request, context);
  }
}
