import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, type RecordDto, type RecordReadRequest, type ResolvedRecordDto } from '@sigma/contracts';
import { RecordEntity } from '../database/entities';
import { toRecordDto } from '../records/record.mapper';
import { WorkspaceReader } from '../workspace/workspace-reader';
import { type Ancestor, resolveInheritedValues } from './inherit-values';

/** Variants (records with a parentId) and the resolved view that shows what they inherit. */
@Injectable()
export class VariantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly workspace: WorkspaceReader,
  ) {}

  /** The record's direct variants, oldest first; with `resolved`, each with its inherited values. */
  async listVariants(request: RecordReadRequest): Promise<(RecordDto | ResolvedRecordDto)[]> {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(RecordEntity, { id: request.id }))) throw DomainError.notFound('Record', request.id);
    const variants = await manager.find(RecordEntity, { where: { parentId: request.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (!request.resolved) return variants.map(toRecordDto);
    return Promise.all(variants.map((variant) => this.resolve(variant)));
  }

  /** The record with values merged from its parent chain; a record without a parent reads as stored. */
  async getResolved(id: string): Promise<ResolvedRecordDto> {
    const record = await this.dataSource.manager.findOneBy(RecordEntity, { id });
    if (!record) throw DomainError.notFound('Record', id);
    return this.resolve(record);
  }

  private async resolve(record: RecordEntity): Promise<ResolvedRecordDto> {
    if (!record.parentId) return toRecordDto(record);
    const ancestors: Ancestor[] = (
      (await this.dataSource.manager.query(
        `WITH RECURSIVE chain AS (
           SELECT id, parent_id, "values", 1 AS depth FROM record WHERE id = $1
           UNION ALL SELECT r.id, r.parent_id, r."values", c.depth + 1 FROM record r JOIN chain c ON r.id = c.parent_id WHERE c.depth < 100
         ) SELECT id, "values" FROM chain ORDER BY depth`,
        [record.parentId],
      )) as Ancestor[]
    );
    const schema = await this.workspace.findSchema(record.schemaId);
    const notInherited = new Set((schema?.attributes ?? []).filter((attribute) => attribute.rules.unique).map((attribute) => attribute.alias));
    return { ...toRecordDto(record), values: resolveInheritedValues(record.values, ancestors, notInherited) };
  }
}
