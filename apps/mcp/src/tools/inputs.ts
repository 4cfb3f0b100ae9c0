/**
 * Input schemas of the tools. Their descriptions are all a model reads before calling, so they say
 * what each field means in Sigma PIM terms (scopes, data types, review) and where to look ids up.
 */
import { z } from 'zod';
import {
  ATTRIBUTE_OPERATORS,
  CHANGE_SET_STATUSES,
  MAX_ATTRIBUTE_CONDITIONS,
  MAX_IN_VALUES,
  MAX_OPERATIONS_PER_CHANGE_SET,
  OPERATION_TYPES,
  RECORD_LIST_MAX_LIMIT,
  RECORD_SORTS,
  SOURCE_TYPES,
} from '@sigma/contracts';
import type { OperationInput, ProposedChangeInput } from '../api/sigma-api';

/** Ids are workspace stable ids (`schema-apparel`, `dim-language`) or generated ids (`ent-…`, `cs_…`, `cop-…`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const id = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(ID, 'an id: letters, digits, "-" and "_"')
    .describe(what);

export const scope = z
  .record(id('dimension id'), id('segment id'))
  .describe(
    'Which variant of the value this is: a map dimensionId -> segmentId, e.g. {"dim-language":"seg-da"} for the Danish text or ' +
      '{"dim-market":"seg-dk"} for the Danish market\'s price. {} (the default) is the global value. Use only dimensions listed ' +
      'in the attribute\'s dimensionIds (get_schema), one segment of each; an attribute with dimensionIds [] has only the global ' +
      'scope {}. A scoped value and the global value are separate slots: proposing {} does not fill {"dim-language":"seg-da"}.',
  );

const jsonValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

export const VALUE_DESCRIPTION =
  'JSON typed by the attribute\'s dataType (get_schema): text and richtext -> string; url -> absolute http(s) URL string; ' +
  'number -> number; integer -> whole number; boolean -> true or false; date -> "YYYY-MM-DD" string; select -> one of the ' +
  'attribute\'s rules.options (string); multiselect -> array of distinct options. Rules such as maxLength, pattern, min, max and ' +
  'unique apply. null clears the value in that scope.';

export const change = z.object({
  attributeAlias: id('Alias of the attribute to change, e.g. "short-description" (get_schema lists them)'),
  scope: scope.optional(),
  newValue: jsonValue.describe(`The proposed value. ${VALUE_DESCRIPTION}`),
  oldValue: jsonValue
    .optional()
    .describe(
      'The current value you based the proposal on, exactly as get_record shows it for this attribute and scope (null when there is ' +
        'none). Recommended for updates: if the value changes before the proposal is applied, this change is refused as a conflict ' +
        'instead of overwriting someone else\'s edit. Omit to skip that check.',
    ),
  confidence: z.number().min(0).max(1).optional().describe('How sure you are, 0 to 1; reviewers look at low-confidence changes first.'),
  reasoning: z.string().max(5000).optional().describe('Why this value: sources, what was improved. Shown to the reviewer next to the change.'),
  attributeName: z.string().max(200).optional().describe('Display name of the attribute (optional; for the reviewer\'s diff).'),
});

export const operation = z.object({
  type: z
    .enum(OPERATION_TYPES)
    .describe('update: change values of an existing record (entityId required); create: a new record (no entityId; its changes are its values); delete: remove a record (entityId required, changes may be []).'),
  entityId: id('The record id (ent-…) for update and delete; omit for create.').optional(),
  schemaId: id('The record\'s schema id, e.g. "schema-apparel" (get_record or search_records show it).'),
  changes: z.array(change).max(1000).describe('One entry per attribute and scope; at least one for create and update.'),
});

export const source = z
  .object({
    name: z.string().min(1).max(200).describe('Your name as reviewers should see it, e.g. "Claude" or "Enrichment agent".'),
    type: z
      .enum(SOURCE_TYPES)
      .default('agent')
      .describe('What proposes: "agent" (default) for an AI agent; integration or import for machine feeds. An agent\'s credential may not use "user".'),
    id: z.string().max(200).optional().describe('Stable identifier of the proposing agent or pipeline (optional).'),
    context: z.string().max(2000).optional().describe('Run context for reviewers, e.g. "Enrichment run #47" (optional).'),
  })
  .describe('Who or what proposes the changes (descriptive; the API records the calling user as createdBy).');

export const proposeInput = {
  title: z.string().min(1).max(300).describe('Short title reviewers see in their queue, e.g. "Danish short descriptions for 3 shirts".'),
  description: z.string().max(5000).optional().describe('What the proposal does and why (optional).'),
  source,
  operations: z.array(operation).min(1).max(MAX_OPERATIONS_PER_CHANGE_SET).describe('The proposed operations; each targets one record and is reviewed on its own.'),
};

export const reviseInput = {
  changeSetId: id('The change set to revise (cs_…), in status revision_requested.'),
  replaceOperations: z
    .array(z.object({ operationId: id('Operation id (cop-…) from get_review_feedback'), changes: z.array(change).min(1).max(1000).describe('The operation\'s complete new list of changes') }))
    .optional()
    .describe('Operations whose changes you rewrite, e.g. to fix values a reviewer rated bad.'),
  removeOperationIds: z.array(id('Operation id (cop-…)')).optional().describe('Operations to withdraw from the proposal.'),
  addOperations: z.array(operation).max(MAX_OPERATIONS_PER_CHANGE_SET).optional().describe('New operations to add to the proposal.'),
};

export const resubmitInput = {
  changeSetId: id('The change set to send back to review (cs_…), in status revision_requested.'),
  message: z.string().min(1).max(10000).optional().describe('A reply to the reviewers posted on the change set\'s thread first, e.g. what you changed and why (optional).'),
};

const page = {
  offset: z.number().int().min(0).default(0).describe('How many items to skip (paging).'),
  limit: z.number().int().min(1).max(RECORD_LIST_MAX_LIMIT).default(20).describe(`Page size, 1 to ${RECORD_LIST_MAX_LIMIT} (default 20).`),
};

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const condition = z.object({
  attribute: id('Attribute alias whose value is compared, e.g. "garment-type".'),
  scope: scope.optional().describe('The exact scope of the value compared, e.g. {"dim-market":"seg-dk"}; {} or omitted = the global value only.'),
  operator: z
    .enum(ATTRIBUTE_OPERATORS)
    .describe(
      'eq: equals value (a multiselect matches when it holds the option); in: equals one of value (an array); contains: ' +
        'case-insensitive substring of a text value; empty / notEmpty: no value or a value (null, "" and [] are empty; give no ' +
        'value); gt, gte, lt, lte: compare numbers, integers and dates.',
    ),
  value: z.union([scalar, z.array(scalar).min(1).max(MAX_IN_VALUES)]).optional().describe('Typed like the attribute\'s values; an array for in; none for empty/notEmpty.'),
});

export const searchRecordsInput = {
  schemaId: id('Only records of this schema, e.g. "schema-apparel".').optional(),
  lifecycleStateId: id('Only records in this lifecycle state, e.g. "state-draft" (get_schema lists the states).').optional(),
  categoryId: id('Only records assigned to this category, e.g. "cat-outerwear" (not its subcategories).').optional(),
  sku: z.string().min(1).max(200).optional().describe('The record whose global sku is this, e.g. "OXF-001".'),
  updatedSince: z.iso.datetime({ offset: true }).optional().describe('Only records written at or after this instant, ISO 8601, e.g. "2026-01-15T00:00:00Z".'),
  filters: z
    .array(condition)
    .max(MAX_ATTRIBUTE_CONDITIONS)
    .optional()
    .describe(
      `Up to ${MAX_ATTRIBUTE_CONDITIONS} conditions on attribute values, all of which must hold, e.g. [{"attribute":"garment-type",` +
        '"operator":"eq","value":"shirt"}, {"attribute":"short-description","scope":{"dim-language":"seg-da"},"operator":"empty"}] ' +
        'finds shirts with no Danish short description. Combine contains/gt/lt/empty with schemaId or an eq condition.',
    ),
  completeFor: id('Only records complete for this workflow state (every required slot filled), e.g. "state-published".').optional(),
  completenessGte: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Only records at least this % complete, for completenessState or else each record\'s current state; e.g. 80.'),
  completenessState: id('The workflow state completenessGte is scored for, e.g. "state-review" (needs completenessGte).').optional(),
  sort: z.enum(RECORD_SORTS).optional().describe('createdAt (default), updatedAt; a leading - sorts newest first.'),
  cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page, to continue with the same filters and sort (keep offset 0).'),
  ...page,
};

export const getRecordInput = {
  recordId: id('The record id, e.g. "ent-001".'),
  lifecycleStateId: id('Score completeness against this state instead of the record\'s current one, e.g. the state it should reach next.').optional(),
  resolved: z.boolean().default(false).describe('For a variant (a record with parentId): include values inherited from its parents, marked inherited.'),
};

export const getSchemaInput = {
  schemaId: id('The schema id, e.g. "schema-apparel". Omit to list the schemas (id, name, description).').optional(),
};

export const feedbackInput = {
  changeSetId: id('The change set (cs_…) whose review you want to read. Omit to list change sets instead (filters below).').optional(),
  status: z.enum(CHANGE_SET_STATUSES).optional().describe('List mode: only change sets in this status, e.g. "revision_requested" for the ones waiting for your revision.'),
  sourceType: z.enum(SOURCE_TYPES).optional().describe('List mode: only change sets from this kind of source.'),
  schemaId: id('List mode: only change sets touching this schema.').optional(),
  ...page,
};

export type ChangeInput = z.infer<typeof change>;
export type OperationArgs = z.infer<typeof operation>;

/** A tool's change as the API takes it: the global scope spelled out, absent fields left out. */
export function toProposedChange(input: ChangeInput): ProposedChangeInput {
  return {
    attributeAlias: input.attributeAlias,
    ...(input.attributeName !== undefined && { attributeName: input.attributeName }),
    scope: input.scope ?? {},
    ...(input.oldValue !== undefined && { oldValue: input.oldValue }),
    newValue: input.newValue,
    ...(input.confidence !== undefined && { confidence: input.confidence }),
    ...(input.reasoning !== undefined && { reasoning: input.reasoning }),
  };
}

export function toOperationInput(input: OperationArgs): OperationInput {
  return {
    type: input.type,
    ...(input.entityId !== undefined && { entityId: input.entityId }),
    schemaId: input.schemaId,
    changes: input.changes.map(toProposedChange),
  };
}
