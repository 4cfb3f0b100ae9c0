import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SigmaApi } from '../api/sigma-api';
import { getRecordInput, getSchemaInput, searchRecordsInput } from './inputs';
import { guarded, ok } from './results';
import { recordView, schemaView } from './views';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

export function registerReadTools(server: McpServer, api: SigmaApi): void {
  server.registerTool(
    'search_records',
    {
      title: 'Search records',
      description:
        'Find records (products) in Sigma PIM. Read only. Filter by schemaId, lifecycleStateId, categoryId, sku, updatedSince and ' +
        'conditions on attribute values per scope (filters), e.g. the shirts with no Danish short description, and by completeness ' +
        '(completeFor a state, or completenessGte a percentage) to find records worth completing; page with offset/limit ' +
        'or cursor. Answers { total, totalIsLowerBound, nextCursor, items: [{ id, schemaId, lifecycleStateId, parentId, version, ' +
        'updatedAt, values }] } where values maps attribute alias -> [{ scope, value }] and a scope maps ' +
        'dimensionId -> segmentId ({} = global). Use get_record for one record\'s completeness and pending proposals, and get_schema ' +
        'for what its attributes accept.',
      inputSchema: searchRecordsInput,
      annotations: READ_ONLY,
    },
    (args) =>
      guarded(async () => {
        const page = await api.listRecords(args);
        return ok({
          total: page.total,
          ...(page.totalIsLowerBound && { totalIsLowerBound: true }),
          offset: page.offset,
          limit: page.limit,
          ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }),
          items: page.items.map(recordView),
        });
      }),
  );

  server.registerTool(
    'get_record',
    {
      title: 'Get a record',
      description:
        'Read one record. Read only. Answers { record, completeness, pendingChanges }: record.values maps attribute alias -> ' +
        '[{ scope, value }] (scope = { dimensionId: segmentId }, {} = global); completeness is for the record\'s lifecycle state (or ' +
        'lifecycleStateId) with percentage and the missing { attributeAlias, scope } slots, good targets for a proposal; ' +
        'pendingChanges lists operations of change sets still under review that target this record (do not propose them again). ' +
        'Pass a value you read here as oldValue when you propose changing it.',
      inputSchema: getRecordInput,
      annotations: READ_ONLY,
    },
    ({ recordId, lifecycleStateId, resolved }) =>
      guarded(async () => {
        const [record, completeness, pendingChanges] = await Promise.all([
          api.getRecord(recordId, resolved),
          api.completeness(recordId, lifecycleStateId),
          api.pendingChanges(recordId),
        ]);
        return ok({ record: recordView(record), completeness, pendingChanges });
      }),
  );

  server.registerTool(
    'get_schema',
    {
      title: 'Get a schema',
      description:
        'What is valid for the records of a schema, to call before proposing changes. Read only. Answers its attributes (alias, ' +
        'dataType and the JSON valueType it takes, dimensionIds and the scopes they allow, rules such as maxLength, pattern, min, ' +
        'max, options and unique, and a guard when the attribute applies only to some records), the dimensions with their segment ' +
        'ids, and its workflow: the lifecycle states with the attributes each requires for completeness, and the transitions. ' +
        'Without schemaId: lists the schemas.',
      inputSchema: getSchemaInput,
      annotations: READ_ONLY,
    },
    ({ schemaId }) =>
      guarded(async () => {
        if (!schemaId) {
          const schemas = await api.listSchemas();
          return ok({ schemas: schemas.map(({ id, name, description }) => ({ id, name, description })) });
        }
        const [schema, dimensions, workflows] = await Promise.all([api.getSchema(schemaId), api.listDimensions(), api.workflowsOf(schemaId)]);
        return ok(schemaView(schema, dimensions, workflows[0]));
      }),
  );
}
