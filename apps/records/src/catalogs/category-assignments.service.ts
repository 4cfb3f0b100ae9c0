import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AddRecordCategoryRequest,
  type AssignmentInput,
  type CategoryAssignmentDto,
  DomainError,
  ErrorCodes,
  type RemoveRecordCategoryRequest,
  type RpcContext,
  type SetRecordCategoriesRequest,
  type ValidationIssue,
} from '@sigma/contracts';
import { CategoryAssignmentEntity, RecordEntity } from '../database/entities';
import { issue } from '../workspace/validation-helpers';
import { checkAssignment, validateAssignments } from './assignment-rules';
import { RecordWriter } from '../records/writer/record-writer';
import { assignmentsOf, categoryIdsByRecord, categoryMutations, lockCategories, lockRecord, nextSortOrders } from './assignment-store';

/**
 * A record's places in categories, across catalogs. Every change of a record's category set bumps
 * its version and is audited as an update of `categories` (sorted ids before and after).
 */
@Injectable()
export class CategoryAssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: RecordWriter,
  ) {}

  async list(recordId: string): Promise<CategoryAssignmentDto[]> {
    if (!(await this.dataSource.manager.existsBy(RecordEntity, { id: recordId }))) throw DomainError.notFound('Record', recordId);
    return assignmentsOf(this.dataSource.manager, [recordId]);
  }

  /** Replaces the record's whole assignment set. */
  async set(request: SetRecordCategoriesRequest, context: RpcContext): Promise<CategoryAssignmentDto[]> {
    const issues = validateAssignments(request.categories);
    if (issues.length) throw DomainError.validation(issues);
    return this.write(request.id, request.categories, context, (index) => `categories[${index}].categoryId`, true);
  }

  /** Adds the record to one category, or moves it to the given sortOrder there when already assigned. */
  async add(request: AddRecordCategoryRequest, context: RpcContext): Promise<CategoryAssignmentDto[]> {
    const issues = checkAssignment(request);
    if (issues.length) throw DomainError.validation(issues);
    const input = { categoryId: request.categoryId, sortOrder: request.sortOrder };
    return this.write(request.id, [input], context, () => 'categoryId', false);
  }

  async remove(request: RemoveRecordCategoryRequest, context: RpcContext): Promise<CategoryAssignmentDto[]> {
    return this.dataSource.transaction(async (manager) => {
      const record = await lockRecord(manager, request.id);
      const before = await assignmentsOf(manager, [record.id]);
      if (!before.some((assignment) => assignment.categoryId === request.categoryId)) {
        throw new DomainError(ErrorCodes.notFound, `Record '${request.id}' is not assigned to category '${request.categoryId}'`, {
          recordId: request.id,
          categoryId: request.categoryId,
        });
      }
      await manager.delete(CategoryAssignmentEntity, { recordId: record.id, categoryId: request.categoryId });
      return this.finish(manager, record, before, context);
    });
  }

  /**
   * Upserts `inputs` (and with `replace`, drops every other assignment of the record). A sortOrder
   * left out keeps the current one, or puts the record after the last one of that category.
   */
  private write(
    recordId: string,
    inputs: AssignmentInput[],
    context: RpcContext,
    fieldOf: (index: number) => string,
    replace: boolean,
  ): Promise<CategoryAssignmentDto[]> {
    return this.dataSource.transaction(async (manager) => {
      const categoryIds = inputs.map((input) => input.categoryId);
      // Categories before the record: the lock order every catalog write keeps.
      const existing = await lockCategories(manager, categoryIds, 'KEY SHARE');
      const record = await lockRecord(manager, recordId);
      const unknown: ValidationIssue[] = inputs.flatMap((input, index) =>
        existing.has(input.categoryId) ? [] : [issue(fieldOf(index), 'exists', `category '${input.categoryId}' does not exist`)],
      );
      if (unknown.length) throw DomainError.validation(unknown);
      const before = await assignmentsOf(manager, [record.id]);
      const current = new Map(before.map((assignment) => [assignment.categoryId, assignment.sortOrder]));
      const next = await nextSortOrders(manager, categoryIds.filter((id) => !current.has(id)));
      if (replace) await manager.delete(CategoryAssignmentEntity, { recordId: record.id });
      const now = new Date();
      for (const input of inputs) {
        const sortOrder = input.sortOrder ?? current.get(input.categoryId) ?? next.get(input.categoryId) ?? 0;
        await manager.query(
          `INSERT INTO category_assignment (record_id, category_id, sort_order, assigned_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (record_id, category_id) DO UPDATE SET sort_order = EXCLUDED.sort_order`,
          [record.id, input.categoryId, sortOrder, now],
        );
      }
      return this.finish(manager, record, before, context);
    });
  }

  private async finish(
    manager: EntityManager,
    record: RecordEntity,
    before: CategoryAssignmentDto[],
    context: RpcContext,
  ): Promise<CategoryAssignmentDto[]> {
    const after = await assignmentsOf(manager, [record.id]);
    await this.writer.writeAll(manager, categoryMutations([record.id], categoryIdsByRecord(before), categoryIdsByRecord(after)), context);
    return after;
  }
}
