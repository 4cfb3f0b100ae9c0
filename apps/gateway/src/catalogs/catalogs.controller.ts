import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type CatalogDto, type CategoryDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { catalogExample, categoryExample, categoryListExample, createCatalogExample, createCategoryExample } from './catalog-examples';
import { CascadeQueryDto, CreateCatalogDto, CreateCategoryDto, UpdateCatalogDto } from './catalogs.dto';

export const CATEGORIES_WRITE = 'Needs categories:write (role-admin, role-editor); every role may read.';

@ApiTags('categories')
@Controller('catalogs')
export class CatalogsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({ summary: 'List catalogs', description: 'Ordered by id. Each catalog holds one category tree.' })
  @ApiOk(['Catalog'], { examples: { main: { value: [catalogExample] } } })
  list(): Promise<CatalogDto[]> {
    return this.rpc.request('records.catalog.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({ summary: 'Get a catalog' })
  @ApiOk('Catalog', { examples: { main: { value: catalogExample } } })
  @ApiNotFoundResponse({ description: 'Unknown catalog' })
  get(@Param('id') id: string): Promise<CatalogDto> {
    return this.rpc.request('records.catalog.get', { id });
  }

  @Post()
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Create a catalog',
    description: `The id is a stable string the workspace chooses (\`^[a-z0-9][a-z0-9-]*$\`, at most 100 characters); 409 when taken. ${CATEGORIES_WRITE}`,
  })
  @ApiBody({ type: CreateCatalogDto, examples: { outlet: { value: createCatalogExample } } })
  @ApiCreated('Catalog', { examples: { created: { value: catalogExample } }, location: (catalog: CatalogDto) => `catalogs/${catalog.id}` })
  @ApiBadRequestResponse({ description: 'Invalid id or name' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiConflictResponse({ description: 'A catalog with this id exists' })
  create(@Body() body: CreateCatalogDto): Promise<CatalogDto> {
    return this.rpc.request('records.catalog.create', { id: body.id, name: body.name });
  }

  @Put(':id')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({ summary: 'Rename a catalog', description: CATEGORIES_WRITE })
  @ApiBody({ type: UpdateCatalogDto, examples: { rename: { value: { name: 'Main catalog 2025' } satisfies UpdateCatalogDto } } })
  @ApiOk('Catalog', { examples: { renamed: { value: catalogExample } } })
  @ApiBadRequestResponse({ description: 'Invalid name' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown catalog' })
  update(@Param('id') id: string, @Body() body: UpdateCatalogDto): Promise<CatalogDto> {
    return this.rpc.request('records.catalog.update', { id, name: body.name });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Delete a catalog',
    description:
      'A catalog that still has categories is a 409 (`details.categoryCount`) unless `?cascade=true`: then all its categories go ' +
      'too and records lose their assignments there, each such record with an audited update of `categories`. ' +
      CATEGORIES_WRITE,
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown catalog' })
  @ApiConflictResponse({ description: 'The catalog has categories and cascade is not true' })
  async delete(@Param('id') id: string, @Query() query: CascadeQueryDto): Promise<void> {
    await this.rpc.request('records.catalog.delete', { id, cascade: query.cascade ?? false });
  }

  @Get(':id/categories')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'List a catalog\'s categories',
    description:
      'Flat, in tree pre-order: every category directly before its subtree, siblings by sortOrder then id; `parentId` ' +
      '(null at the top level) gives the tree. Each category carries its scoped `names` next to the unscoped `name`.',
  })
  @ApiOk(['Category'], { examples: { tree: { value: categoryListExample } } })
  @ApiNotFoundResponse({ description: 'Unknown catalog' })
  categories(@Param('id') id: string): Promise<CategoryDto[]> {
    return this.rpc.request('records.category.list', { catalogId: id });
  }

  @Post(':id/categories')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Create a category',
    description:
      'Ids are stable strings unique across all catalogs (409 when taken). `parentId` must be a category of the same catalog ' +
      '(400 otherwise); left out or null: top level. `sortOrder` left out: after the last sibling. `names` are scoped names ' +
      `\`[{ scope, value }]\` like attribute values, scoped to any workspace dimension (usually dim-language), one per scope. ${CATEGORIES_WRITE}`,
  })
  @ApiBody({ type: CreateCategoryDto, examples: { rainJackets: { value: createCategoryExample } } })
  @ApiCreated('Category', { examples: { created: { value: categoryExample } }, location: (category: CategoryDto) => `categories/${category.id}` })
  @ApiBadRequestResponse({ description: 'Invalid field, unknown parent or a name scoped to an unknown dimension/segment' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown catalog' })
  @ApiConflictResponse({ description: 'A category with this id exists' })
  createCategory(@Param('id') catalogId: string, @Body() body: CreateCategoryDto): Promise<CategoryDto> {
    return this.rpc.request('records.category.create', {
      catalogId,
      id: body.id,
      name: body.name,
      names: body.names,
      parentId: body.parentId,
      sortOrder: body.sortOrder,
    });
  }
}
