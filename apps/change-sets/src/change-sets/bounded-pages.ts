import type { EntityManager } from 'typeorm';
import {
  CHANGE_SET_PAGE_MAX_JSON_BYTES,
  COMPUTED_FILTER_SCAN_LIMIT,
  type ChangeSetDto,
  DomainError,
  LIST_EMBEDDED_OPERATIONS,
  type OperationDto,
  type OperationPage,
  type OperationPageRequest,
} from '@sigma/contracts';
import type { ApplyProgress } from '../apply/apply-log';
import { AnnotationEntity, type ChangeSetEntity, OperationEntity } from '../database/entities';
import { namedParams, operationFilterSql } from '../domain/operation-filter';
import { toChangeSetDto, toOperationDto } from './change-set.mapper';

/**
 * Lists and operation pages bounded in items and in bytes: a set of 20,000 operations, or a
 * page of sets holding thousands each, never becomes a reply past the bus's payload limit.
 */

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The list's items: each set with its first LIST_EMBEDDED_OPERATIONS operations, its operationCount
 * and the apply progress the apply log reports for it.
 */
export async function listItems(
  manager: EntityManager,
  sets: ChangeSetEntity[],
  progress: ReadonlyMap<string, ApplyProgress>,
  budget = CHANGE_SET_PAGE_MAX_JSON_BYTES,
): Promise<ChangeSetDto[]> {
  if (sets.length === 0) return [];
  const ids = sets.map((set) => set.id);
  const [operations, counts] = await Promise.all([
    manager
      .createQueryBuilder(OperationEntity, 'o')
      .where(
        `o.id IN (SELECT head.id FROM unnest(CAST(:ids AS text[])) AS s(id)
                  CROSS JOIN LATERAL (SELECT id FROM operation WHERE change_set_id = s.id ORDER BY position LIMIT :cap) head)`,
        { ids, cap: LIST_EMBEDDED_OPERATIONS },
      )
      .orderBy('o.position')
      .getMany(),
    manager.query(`SELECT change_set_id AS id, count(*)::int AS total FROM operation WHERE change_set_id = ANY($1) GROUP BY 1`, [ids]) as Promise<
      { id: string; total: number }[]
    >,
  ]);
  const annotations = await annotationsOf(manager, operations);
  const totals = new Map(counts.map((row) => [row.id, row.total]));
  const bySet = groupBy(operations, (operation) => operation.changeSetId);
  const items = sets.map((set) => toChangeSetDto(set, bySet.get(set.id) ?? [], annotations, progress.get(set.id), totals.get(set.id) ?? 0));
  return fitListToBytes(items, budget);
}

/**
 * Cuts every item's embedded operations to the same, largest count that keeps the page within
 * `budget` bytes of JSON; if the sets alone are past it, only the leading items that fit (at least one).
 */
export function fitListToBytes(items: ChangeSetDto[], budget: number): ChangeSetDto[] {
  const sizes = items.map((item) => ({ base: jsonBytes({ ...item, operations: [] }), operations: item.operations.map(jsonBytes) }));
  const bytesWith = (cap: number) =>
    sizes.reduce((sum, size) => sum + size.base + size.operations.slice(0, cap).reduce((a, b) => a + b + 1, 0), 0);
  const most = Math.max(0, ...items.map((item) => item.operations.length));
  if (bytesWith(most) <= budget) return items;
  let low = 0;
  let high = most;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (bytesWith(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  const capped = items.map((item) => ({ ...item, operations: item.operations.slice(0, low) }));
  if (low > 0 || bytesWith(0) <= budget) return capped;
  const fitting: ChangeSetDto[] = [];
  let used = 0;
  for (const [index, item] of capped.entries()) {
    used += sizes[index].base;
    if (fitting.length > 0 && used > budget) break;
    fitting.push(item);
  }
  return fitting;
}

/** Of operations matching a filter's SQL part, the ids a computed part (stale, invalid) keeps. */
export type KeepComputed = (rows: OperationEntity[]) => Promise<ReadonlySet<string>>;

/**
 * One page of a set's operations in set order, after the cursor, matching the filter's SQL part;
 * cut short (with a cursor) at `budget` bytes. With `keep` (a computed filter) at most
 * COMPUTED_FILTER_SCAN_LIMIT operations are examined: the page may hold fewer than `limit`, even
 * none, and still carry a cursor past what was examined.
 */
export async function readOperationPage(
  manager: EntityManager,
  request: OperationPageRequest,
  keep?: KeepComputed,
  budget = CHANGE_SET_PAGE_MAX_JSON_BYTES,
): Promise<OperationPage> {
  const after = decodeCursor(request.cursor);
  const { params, bind } = namedParams();
  const scan = keep ? COMPUTED_FILTER_SCAN_LIMIT : request.limit + 1;
  const [rows, total] = await Promise.all([
    manager
      .createQueryBuilder(OperationEntity, 'o')
      .where('o.change_set_id = :id AND o.position > :after', { id: request.id, after })
      .andWhere(operationFilterSql(request.filter ?? {}, 'o', bind), params)
      .orderBy('o.position')
      .limit(scan)
      .getMany(),
    manager.count(OperationEntity, { where: { changeSetId: request.id } }),
  ]);
  if (total === 0 && !(await manager.query('SELECT 1 FROM change_set WHERE id = $1', [request.id])).length) {
    throw DomainError.notFound('Change set', request.id);
  }
  const kept = keep ? await keep(rows) : undefined;
  const matching = kept ? rows.filter((row) => kept.has(row.id)) : rows;
  const candidates = matching.slice(0, request.limit);
  const annotations = await annotationsOf(manager, candidates);
  const items: OperationDto[] = [];
  let used = 0;
  for (const row of candidates) {
    const dto = toOperationDto(row, annotations);
    used += jsonBytes(dto) + 1;
    if (items.length > 0 && used > budget) break;
    items.push(dto);
  }
  const lastTaken = items.length ? candidates[items.length - 1].position : undefined;
  if (matching.length > items.length) return { items, total, nextCursor: encodeCursor(lastTaken as number) };
  // Every match examined is on the page: more may follow only if the scan stopped at its bound.
  if (keep && rows.length === scan) return { items, total, nextCursor: encodeCursor(rows[rows.length - 1].position) };
  return { items, total };
}

/** Opaque to clients: the position of the last operation they have. */
export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return -1;
  try {
    const { p } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { p?: unknown };
    if (Number.isSafeInteger(p) && (p as number) >= 0) return p as number;
  } catch {
    // falls through to the refusal
  }
  throw DomainError.validation([{ field: 'cursor', rule: 'cursor', message: 'is not a cursor of this list (use nextCursor as given)' }]);
}

async function annotationsOf(manager: EntityManager, operations: OperationEntity[]): Promise<AnnotationEntity[]> {
  if (operations.length === 0) return [];
  return manager
    .createQueryBuilder(AnnotationEntity, 'a')
    .where('a.operation_id = ANY(:ids)', { ids: operations.map((operation) => operation.id) })
    .orderBy('a.created_at')
    .getMany();
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
