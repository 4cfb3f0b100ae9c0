import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
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
import { type CategoryDto, Permissions } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiOk } from '../openapi/responses';
import { categoryExample, categoryInUseExample, cycleErrorExample, moveCategoryExample } from './catalog-examples';
import { CATEGORIES_WRITE } from './catalogs.controller';
import { CascadeQueryDto, UpdateCategoryDto } from './catalogs.dto';

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({ summary: 'Get a category' })
  @ApiOk('Category', { examples: { outerwear: { value: categoryExample } } })
  @ApiNotFoundResponse({ description: 'Unknown category' })
  get(@Param('id') id: string): Promise<CategoryDto> {
    return this.rpc.request('records.category.get', { id });
  }

  @Put(':id')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Rename, reorder or move a category',
    description:
      'Changes the fields sent; the others stay. `names` replaces the whole scoped-name list. `parentId` moves the category with ' +
      'its subtree within its catalog (null: top level); a parent in another catalog or unknown is a 400, a parent inside the ' +
      'category\'s own subtree (or itself) a 409 with `details.rule: "cycle"`. A moved category without a `sortOrder` goes after ' +
      `its new last sibling. Record assignments are unaffected. ${CATEGORIES_WRITE}`,
  })
  @ApiBody({ type: UpdateCategoryDto, examples: { move: { value: moveCategoryExample }, rename: { value: { name: 'Jackets & coats' } satisfies UpdateCategoryDto } } })
  @ApiOk('Category', { examples: { moved: { value: categoryExample } } })
  @ApiBadRequestResponse({ description: 'Invalid field, or a parent that is not in the same catalog' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown category' })
  @ApiConflictResponse({ description: 'The new parent is inside the category\'s subtree', examples: { cycle: { summary: 'A move below itself', value: cycleErrorExample } } })
  update(@Param('id') id: string, @Body() body: UpdateCategoryDto): Promise<CategoryDto> {
    return this.rpc.request('records.category.update', {
      id,
      name: body.name,
      names: body.names,
      parentId: body.parentId,
      sortOrder: body.sortOrder,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Delete a category',
    description:
      'A category with child categories or assigned records is a 409 (`details.childCount`, `details.assignedRecordCount`) ' +
      'unless `?cascade=true`: then its whole subtree goes and every record assigned anywhere in it loses those assignments, ' +
      `each such record with an audited update of \`categories\`. ${CATEGORIES_WRITE}`,
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown category' })
  @ApiConflictResponse({
    description: 'The category has children or assigned records and cascade is not true',
    examples: { inUse: { summary: 'Children left', value: categoryInUseExample } },
  })
  async delete(@Param('id') id: string, @Query() query: CascadeQueryDto): Promise<void> {
    await this.rpc.request('records.category.delete', { id, cascade: query.cascade ?? false });
  }
}
