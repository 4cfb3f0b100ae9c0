import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type CategoryAssignmentDto, DomainError, Permissions, type RecordDto, type ResolvedRecordDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { recordExample } from '../openapi/record-examples';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { addAssignmentExample, assignmentsExample, setAssignmentsExample } from './catalog-examples';
import { AssignmentEntryDto, AssignmentInputDto, RecordReadQueryDto, SetRecordCategoriesDto } from './catalogs.dto';
import { SetCategoriesBodyPipe } from './set-categories.pipe';

const AUDITED =
  'A change of the record\'s category set bumps its version and is audited as action `update` with one change ' +
  '`{ attributeAlias: "categories", scope: {}, oldValue: [ids], newValue: [ids] }` (sorted ids). A new sortOrder alone is not audited.';
const WRITE = 'Needs categories:write (role-admin, role-editor).';

@ApiTags('categories')
@ApiExtraModels(SetRecordCategoriesDto, AssignmentEntryDto)
@Controller('records')
export class RecordCategoriesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':id/categories')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'Get category assignments',
    description:
      'Every category the record is assigned to, across catalogs (ordered by catalog id, then category id), with its sortOrder there.',
  })
  @ApiOk(['CategoryAssignment'], { examples: { assigned: { value: assignmentsExample } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  list(@Param('id') id: string): Promise<CategoryAssignmentDto[]> {
    return this.rpc.request('records.record.list-categories', { id });
  }

  @Put(':id/categories')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Replace category assignments',
    description:
      'The body is the complete new set: `{ "categories": [{ categoryId, sortOrder? }] }`, or the bare array GET returns ' +
      '(`entityId` may be present and must then be this record). Category ids unique; `[]` removes every assignment. A sortOrder ' +
      `left out keeps the current one or places the record last. Answers the new set. ${AUDITED} ${WRITE}`,
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(SetRecordCategoriesDto) }, { type: 'array', items: { $ref: getSchemaPath(AssignmentEntryDto) } }] },
    examples: { object: { value: setAssignmentsExample }, bareArray: { value: assignmentsExample.map((a) => ({ ...a, entityId: 'ent-003' })) } },
  })
  @ApiOk(['CategoryAssignment'], { examples: { replaced: { value: assignmentsExample } } })
  @ApiBadRequestResponse({ description: 'Malformed body, a repeated or unknown category id (details name `categories[i].categoryId`)' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  set(@Param('id') id: string, @Body(SetCategoriesBodyPipe) body: SetRecordCategoriesDto | AssignmentEntryDto[]): Promise<CategoryAssignmentDto[]> {
    const { categories } = body as SetRecordCategoriesDto;
    const foreign = categories.flatMap((entry, index) =>
      entry.entityId !== undefined && entry.entityId !== id
        ? [{ field: `categories[${index}].entityId`, rule: 'equals', message: `must be '${id}' (the record of the path) or left out` }]
        : [],
    );
    if (foreign.length) throw DomainError.validation(foreign);
    return this.rpc.request('records.record.set-categories', {
      id,
      categories: categories.map(({ categoryId, sortOrder }) => ({ categoryId, sortOrder })),
    });
  }

  @Post(':id/categories')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({
    summary: 'Assign a record to one category',
    description:
      'Adds the assignment, or when the record is already in that category sets its sortOrder there. Answers the record\'s ' +
      `whole new set (201). ${AUDITED} ${WRITE}`,
  })
  @ApiBody({ type: AssignmentInputDto, examples: { seed: { value: addAssignmentExample } } })
  @ApiCreated(['CategoryAssignment'], {
    description: 'The record\'s whole new set of assignments',
    examples: { assigned: { value: assignmentsExample } },
    location: (_assignments: CategoryAssignmentDto[], params) => `records/${params.id}/categories`,
  })
  @ApiBadRequestResponse({ description: 'Malformed body or an unknown category id' })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  add(@Param('id') id: string, @Body() body: AssignmentInputDto): Promise<CategoryAssignmentDto[]> {
    return this.rpc.request('records.record.add-category', { id, categoryId: body.categoryId, sortOrder: body.sortOrder });
  }

  @Delete(':id/categories/:categoryId')
  @RequirePermission(Permissions.categoriesWrite)
  @ApiOperation({ summary: 'Remove a record from one category', description: `Answers the record's remaining set. ${AUDITED} ${WRITE}` })
  @ApiOk(['CategoryAssignment'], { examples: { remaining: { value: assignmentsExample.slice(0, 1) } } })
  @ApiForbiddenResponse({ description: 'Role may not write categories' })
  @ApiNotFoundResponse({ description: 'Unknown record, or the record is not in that category' })
  remove(@Param('id') id: string, @Param('categoryId') categoryId: string): Promise<CategoryAssignmentDto[]> {
    return this.rpc.request('records.record.remove-category', { id, categoryId });
  }

  @Get(':id/variants')
  @ApiTags('records')
  @RequirePermission(Permissions.recordsRead)
  @ApiOperation({
    summary: 'List a record\'s variants',
    description:
      'The records whose parentId is this record (direct variants; a variant may have variants of its own), oldest first. ' +
      'Create a variant with POST /records and `parentId`; DELETE /records/:id deletes the record with all its variants. ' +
      'With `?resolved=true` each variant shows the values it inherits, as GET /records/:id?resolved=true does.',
  })
  @ApiOk(['ResolvedRecord'], { examples: { navy: { value: [{ ...recordExample, id: 'ent-pL4wQ9zT', parentId: 'ent-xK9mP2vL' } satisfies RecordDto] } } })
  @ApiNotFoundResponse({ description: 'Unknown record' })
  variants(@Param('id') id: string, @Query() query: RecordReadQueryDto): Promise<(RecordDto | ResolvedRecordDto)[]> {
    return this.rpc.request('records.record.list-variants', { id, resolved: query.resolved });
  }
}
