import type { SegmentDto, UpsertDimensionRequest, ValidationIssue } from '@sigma/contracts';
import { checkName, checkStableId, checkUnique, issue } from '../validation-helpers';

export const MAX_SEGMENTS = 1000;

/**
 * Structural rules of a dimension: a stable id, a name, and at least one segment, each with a
 * stable id unique within the dimension and a name. Returns every broken rule.
 */
export function validateDimension(request: UpsertDimensionRequest): ValidationIssue[] {
  const issues = [...checkStableId(request.id, 'id'), ...checkName(request.name, 'name')];
  if (!Array.isArray(request.segments)) return [...issues, issue('segments', 'type', 'must be an array of { id, name }')];
  if (request.segments.length === 0) issues.push(issue('segments', 'minSize', 'a dimension needs at least one segment'));
  if (request.segments.length > MAX_SEGMENTS) issues.push(issue('segments', 'maxSize', `at most ${MAX_SEGMENTS} segments`));
  request.segments.forEach((segment, index) => {
    if (typeof segment !== 'object' || segment === null) {
      issues.push(issue(`segments[${index}]`, 'type', 'must be { id, name }'));
      return;
    }
    issues.push(...checkStableId(segment.id, `segments[${index}].id`), ...checkName(segment.name, `segments[${index}].name`));
  });
  issues.push(...checkUnique(request.segments, (segment) => segment?.id, (index) => `segments[${index}].id`, 'segment'));
  return issues;
}

/** Segment ids the new list no longer has. */
export function removedSegmentIds(current: readonly SegmentDto[], next: readonly SegmentDto[]): string[] {
  const kept = new Set(next.map((segment) => segment.id));
  return current.filter((segment) => !kept.has(segment.id)).map((segment) => segment.id);
}
