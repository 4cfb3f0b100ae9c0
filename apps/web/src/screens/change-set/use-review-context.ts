import type { ChangeSetDto } from '../../api';
import { useMemo } from 'react';
import { useApp } from '../../app-context';
import { useResource } from '../../hooks/use-resource';
import { previewsByOperation, stateNamesFrom } from './completeness-effect';
import { reviewMemory, sinceLastReview, sinceMarks } from './since-last-review';

/** Local storage when the browser allows it (a sandboxed frame may refuse even to read it). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The revision timeline and the diff "since your last review": the revision the reviewer last acted
 * on is read once per set visit, so acting now does not move the comparison under them.
 */
export function useRevisions(set: ChangeSetDto | undefined) {
  const { api, session } = useApp();
  const id = set?.id;
  const memory = useMemo(() => reviewMemory(browserStorage()), []);
  const lastReviewed = useMemo(() => (id ? memory.last(session.userId, id) : undefined), [memory, session.userId, id]);
  const revisions = useResource(async () => (id ? api.changeSets.revisions(id) : undefined), [api, id, set?.revision]);
  const since = sinceLastReview(set?.revision, lastReviewed);
  const diff = useResource(async () => (id && since ? api.changeSets.revisionDiff(id, since.base) : undefined), [api, id, since?.base, set?.updatedAt]);
  const marks = useMemo(() => (diff.data ? sinceMarks(diff.data) : undefined), [diff.data]);
  const remember = () => id && set?.revision && memory.remember(session.userId, id, set.revision);
  return { revisions, since, diff, marks, remember };
}

/** The completeness preview (the first 200 operations) and the names of the states it speaks of. */
export function useCompletenessPreview(set: ChangeSetDto | undefined) {
  const { api } = useApp();
  // Only while apply is still to come does the effect say something; after it, the record page does.
  const open = set && ['pending_approval', 'approved', 'revision_requested'].includes(set.status);
  const id = open ? set.id : undefined;
  // Decisions change what apply would write: read again whenever the set changed.
  const preview = useResource(async () => (id ? api.changeSets.completenessPreview(id, { limit: 200 }) : undefined), [api, id, set?.updatedAt, set?.status]);
  const schemaIds = useMemo(() => [...new Set((preview.data?.items ?? []).map((item) => item.schemaId))].sort().join(','), [preview.data]);
  const workflows = useResource(async () => (schemaIds ? (await Promise.all(schemaIds.split(',').map((schemaId) => api.workspace.workflows(schemaId)))).flat() : []), [api, schemaIds]);
  const stateName = useMemo(() => stateNamesFrom(workflows.data), [workflows.data]);
  const previews = useMemo(() => previewsByOperation(preview.data), [preview.data]);
  return { preview, previews, stateName };
}
