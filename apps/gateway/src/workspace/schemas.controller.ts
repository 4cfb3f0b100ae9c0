import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Permissions, type SchemaDto } from '@sigma/contracts';
import { RpcClient } from '@sigma/messaging';
import { RequirePermission } from '../auth/auth.decorators';
import { ApiCreated, ApiOk } from '../openapi/responses';
import { CreateSchemaDto, UpdateSchemaDto } from './schemas.dto';
import {
  attributeInUseExample,
  createSchemaExample,
  schemaExample,
  schemaValidationErrorExample,
  updateSchemaExample,
} from './workspace-examples';

const ATTRIBUTE_RULES =
  'Attribute rules: aliases are stable strings (`^[a-z0-9][a-z0-9-]*$`, at most 100 characters) unique within the schema; ' +
  '`dataType` is one of text, richtext, number, integer, boolean, date, select, multiselect, url; every id in `dimensionIds` ' +
  'must be an existing dimension (400 naming `attributes[i].dimensionIds`). Rules must fit the data type (minLength, maxLength, ' +
  'pattern: text/richtext/url; min, max: number/integer; options: select/multiselect, where a non-empty list is required; ' +
  'unique: any) and be consistent (minLength <= maxLength, min <= max, a pattern that compiles). A guard names another ' +
  'attribute of the schema and an operator of equals, notEquals, in (a non-empty array value) or exists (no value); its ' +
  'values must be values the guarding attribute can hold, and guards may not form a cycle. Every broken rule is listed in ' +
  '`details` as `{ field, rule, message, attributeAlias }`. Changing rules of an attribute applies to later writes; values ' +
  'already stored are not re-validated.';

const ADMIN_ONLY = 'Needs workspace:manage (role-admin only).';

@ApiTags('workspace')
@Controller('schemas')
export class SchemasController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'List schemas with their attributes', description: 'Ordered by id; attributes in display order. Every role may read.' })
  @ApiOk(['Schema'], { examples: { footwear: { value: [schemaExample] } } })
  list(): Promise<SchemaDto[]> {
    return this.rpc.request('records.schema.list', {});
  }

  @Get(':id')
  @RequirePermission(Permissions.workspaceRead)
  @ApiOperation({ summary: 'Get a schema' })
  @ApiOk('Schema', { examples: { footwear: { value: schemaExample } } })
  @ApiNotFoundResponse({ description: 'Unknown schema' })
  get(@Param('id') id: string): Promise<SchemaDto> {
    return this.rpc.request('records.schema.get', { id });
  }

  @Post()
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Create a schema',
    description:
      'A schema with its attributes, in display order. `initialLifecycleStateId` is the state new records start in; creating ' +
      `or changing the schema's workflow (POST/PUT /workflows) keeps it in step. 409 when the id is taken. ${ATTRIBUTE_RULES} ` +
      ADMIN_ONLY,
  })
  @ApiBody({ type: CreateSchemaDto, examples: { footwear: { value: createSchemaExample } } })
  @ApiCreated('Schema', { examples: { footwear: { value: schemaExample } }, location: (schema: SchemaDto) => `schemas/${schema.id}` })
  @ApiBadRequestResponse({ description: 'Invalid attributes; `details` names each', examples: { unknownDimension: { summary: 'An unknown dimension', value: schemaValidationErrorExample } } })
  @ApiForbiddenResponse({ description: 'Role may not manage the workspace' })
  @ApiConflictResponse({ description: 'A schema with this id exists' })
  create(@Body() body: CreateSchemaDto): Promise<SchemaDto> {
    return this.rpc.request('records.schema.create', body);
  }

  @Put(':id')
  @RequirePermission(Permissions.workspaceManage)
  @ApiOperation({
    summary: 'Update a schema',
    description:
      'Changes the fields given; absent fields stay (`description: null` or `""` clears it). `attributes`, when given, is the ' +
      'complete new list in display order: new aliases are added, existing ones take the new name, rules, guard and dimensions. ' +
      'Refused with 409 `conflict` while records of the schema hold values that the change would strand or break: removing an ' +
      'attribute, changing its dataType, or dropping a dimension its values are scoped by. `details` lists each such change ' +
      'with `attributeAlias`, `rule` (attribute-in-use, data-type-in-use, dimension-in-use) and `recordCount`. Turning `unique` ' +
      'on indexes existing values and is a 409 (rule unique-violated) when two records already share a value. The id cannot ' +
      `change. ${ATTRIBUTE_RULES} ${ADMIN_ONLY}`,
  })
  @ApiBody({ type: UpdateSchemaDto, examples: { addAttribute: { value: updateSchemaExample } } })
  @ApiOk('Schema', { examples: { footwear: { value: schemaExample } } })
  @ApiBadRequestResponse({ description: 'Invalid attributes; `details` names each', examples: { unknownDimension: { summary: 'An unknown dimension', value: schemaValidationErrorExample } } })
  @ApiForbiddenResponse({ description: 'Role may not manage the workspace' })
  @ApiNotFoundResponse({ description: 'Unknown schema' })
  @ApiConflictResponse({
    description: 'Records hold values the change would strand or break',
    examples: { attributeInUse: { summary: 'Removing an attribute in use', value: attributeInUseExample } },
  })
  update(@Param('id') id: string, @Body() body: UpdateSchemaDto): Promise<SchemaDto> {
    return this.rpc.request('records.schema.update', { ...body, id });
  }
}
