import type { ChangeSetDto, ChangeSetSource, OperationInput, ProposedChangeInput, Scope } from '@sigma/contracts';
import type { ApiClient } from '../api-client';
import { type ActAs, expectCreated, uniqueSuffix } from './unique';

/** One proposed change: `change('material', 'Linen', { scope, oldValue })`. */
export function change(attributeAlias: string, newValue: unknown, extra: Omit<ProposedChangeInput, 'attributeAlias' | 'newValue'> & { scope?: Scope } = {}): ProposedChangeInput {
  return { attributeAlias, newValue, ...extra };
}

/** Operations of a change set. */
export const operation = {
  update: (entityId: string, schemaId: string, ...changes: ProposedChangeInput[]): OperationInput => ({ type: 'update', entityId, schemaId, changes }),
  create: (schemaId: string, ...changes: ProposedChangeInput[]): OperationInput => ({ type: 'create', schemaId, changes }),
  delete: (entityId: string, schemaId: string): OperationInput => ({ type: 'delete', entityId, schemaId, changes: [] }),
};

export interface ChangeSetOptions extends ActAs {
  operations?: OperationInput[];
  title?: string;
  description?: string;
  source?: ChangeSetSource;
}

/** A new draft (as editor unless told otherwise), titled uniquely, from a `user` source. */
export function createChangeSet(api: ApiClient, options: ChangeSetOptions = {}): Promise<ChangeSetDto> {
  return expectCreated(api, options.as ?? 'editor', 'POST', '/change-sets', {
    title: options.title ?? `Test set ${uniqueSuffix()}`,
    ...(options.description !== undefined && { description: options.description }),
    source: options.source ?? { type: 'user', name: 'Test builder' },
    operations: options.operations ?? [],
  });
}

/** A new set, submitted: pending_approval. */
export async function submittedChangeSet(api: ApiClient, options: ChangeSetOptions = {}): Promise<ChangeSetDto> {
  const set = await createChangeSet(api, options);
  return expectCreated(api, options.as ?? 'editor', 'POST', `/change-sets/${set.id}/submit`, undefined, 200);
}

/** A new set, submitted and approved as a whole (by the reviewer): approved, ready to apply. */
export async function approvedChangeSet(api: ApiClient, options: ChangeSetOptions & { reviewNote?: string } = {}): Promise<ChangeSetDto> {
  const set = await submittedChangeSet(api, options);
  const body = options.reviewNote !== undefined ? { reviewNote: options.reviewNote } : undefined;
  return expectCreated(api, 'reviewer', 'POST', `/change-sets/${set.id}/approve`, body, 200);
}
