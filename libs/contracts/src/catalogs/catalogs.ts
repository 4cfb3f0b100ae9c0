import type { RecordDto, Scope, ScopedValue } from '../records/records';

/**
 * Catalogs hold category trees that merchandisers assign records to. Catalog and category ids are
 * stable strings the workspace chooses (`catalog-main`, `cat-outerwear`); a category id is unique
 * across all catalogs.
 */
export interface CatalogDto {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface UpsertCatalogRequest {
  id: string;
  name: string;
}

/** A category name for one scope (e.g. `{ "dim-language": "seg-da" }`); `name` is the unscoped one. */
export type ScopedName = ScopedValue<string>;

export interface CategoryDto {
  id: string;
  catalogId: string;
  /** null for a top-level category of its catalog. */
  parentId: string | null;
  name: string;
  names: ScopedName[];
  /** Position among its siblings (ascending, ties by id). */
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateCategoryRequest {
  catalogId: string;
  id: string;
  name: string;
  names?: ScopedName[];
  parentId?: string | null;
  /** Omitted: after the last sibling. */
  sortOrder?: number;
}

/** Fields left out stay as they are; `parentId: null` moves the category to the top level. */
export interface UpdateCategoryRequest {
  id: string;
  name?: string;
  names?: ScopedName[];
  parentId?: string | null;
  sortOrder?: number;
}

export interface DeleteWithCascadeRequest {
  id: string;
  /** Also delete child categories and remove record assignments; without it either makes the delete a 409. */
  cascade?: boolean;
}

export interface DeletedCategories {
  /** Ids of the deleted categories, deepest first. */
  deleted: string[];
  /** Records that lost a category assignment (each got an audited update). */
  unassignedRecordIds: string[];
}

/** One record's placement in one category, exactly as docs/contract/records-api.txt shows it. */
export interface CategoryAssignmentDto {
  entityId: string;
  categoryId: string;
  sortOrder: number;
}

export interface AssignmentInput {
  categoryId: string;
  /** Omitted: after the last record of that category. */
  sortOrder?: number;
}

export interface SetRecordCategoriesRequest {
  id: string;
  categories: AssignmentInput[];
}

export interface AddRecordCategoryRequest extends AssignmentInput {
  id: string;
}

export interface RemoveRecordCategoryRequest {
  id: string;
  categoryId: string;
}

/** The audit change of an assignment change: sorted category ids before and after. */
export const CATEGORIES_ATTRIBUTE = 'categories';

/** A scoped value as a resolved read shows it: `inherited` values come from the parent chain. */
export interface ResolvedScopedValue<T = unknown> {
  scope: Scope;
  value: T;
  inherited?: true;
  /** The ancestor record the inherited value is stored on. */
  inheritedFrom?: string;
}

export type ResolvedValuesMap = Record<string, ResolvedScopedValue[]>;

export interface ResolvedRecordDto extends Omit<RecordDto, 'values'> {
  values: ResolvedValuesMap;
}

export interface RecordReadRequest {
  id: string;
  /** Merge values inherited from the parent chain (marked `inherited: true`). */
  resolved?: boolean;
}
