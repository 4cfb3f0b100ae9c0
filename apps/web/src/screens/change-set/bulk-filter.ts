import type { DecideOperationsResult, OperationFilter, OperationStatus } from '../../api';

/** The bulk form's fields as typed: '' leaves a filter out; stale / invalid take 'yes' or 'no'. */
export interface BulkFilterFields {
  status: '' | OperationStatus;
  type: '' | NonNullable<OperationFilter['type']>;
  entityId: string;
  attributeAlias: string;
  segment: string;
  stale: '' | 'yes' | 'no';
  invalid: '' | 'yes' | 'no';
}

export const EMPTY_FILTER: BulkFilterFields = { status: '', type: '', entityId: '', attributeAlias: '', segment: '', stale: '', invalid: '' };

const flag = (value: '' | 'yes' | 'no') => (value === '' ? undefined : value === 'yes');

/** The filter the API takes: only the fields given ({} matches every operation). */
export function filterFromFields(fields: BulkFilterFields): OperationFilter {
  const filter: OperationFilter = {};
  if (fields.status) filter.status = fields.status;
  if (fields.type) filter.type = fields.type;
  if (fields.entityId.trim()) filter.entityId = fields.entityId.trim();
  if (fields.attributeAlias.trim()) filter.attributeAlias = fields.attributeAlias.trim();
  if (fields.segment.trim()) filter.segment = fields.segment.trim();
  const stale = flag(fields.stale);
  if (stale !== undefined) filter.stale = stale;
  const invalid = flag(fields.invalid);
  if (invalid !== undefined) filter.invalid = invalid;
  return filter;
}

/** The filter in words, for the confirmation and the result ("type update, attribute material"). */
export function describeFilter(filter: OperationFilter): string {
  const parts = [
    filter.status && `status ${filter.status}`,
    filter.type && `type ${filter.type}`,
    filter.entityId && `record ${filter.entityId}`,
    filter.attributeAlias && `attribute ${filter.attributeAlias}`,
    filter.segment && `segment ${filter.segment}`,
    filter.stale !== undefined && (filter.stale ? 'with a stale change' : 'without stale changes'),
    filter.invalid !== undefined && (filter.invalid ? 'with an invalid value' : 'without invalid values'),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'every pending operation';
}

/** What the API answered, in words. */
export function describeOutcome(result: DecideOperationsResult): string {
  const { approved, rejected, unchanged, status, operationSummary: left } = result;
  return (
    `${approved} approved, ${rejected} rejected, ${unchanged} already decided (left as they were). ` +
    `The set is now ${status.replace(/_/g, ' ')}; ${left.pending} operation${left.pending === 1 ? '' : 's'} still pending.`
  );
}
