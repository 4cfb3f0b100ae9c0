import { Column, Entity, PrimaryColumn } from 'typeorm';
import type {
  ApplyResult,
  ChangeSetSource,
  ChangeSetStatus,
  FeedbackSummary,
  OperationStatus,
  OperationType,
  ProposedChangeDto,
  ProposedChangeInput,
  Rating,
  Scope,
} from '@sigma/contracts';

@Entity({ name: 'change_set' })
export class ChangeSetEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') title: string;
  @Column('text', { nullable: true }) description: string | null;
  @Column('jsonb') source: ChangeSetSource;
  @Column('text', { name: 'source_type' }) sourceType: string;
  @Column('text', { name: 'source_key' }) sourceKey: string;
  @Column('text') status: ChangeSetStatus;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('timestamptz', { name: 'applied_at', nullable: true }) appliedAt: Date | null;
  /** When a reviewer last decided the submission (approved, rejected or sent back): review insights time decisions by it. */
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('integer', { name: 'revision_count' }) revisionCount: number;
  /** The latest submission's number (0: never submitted). */
  @Column('integer') revision: number;
  @Column('text', { name: 'review_note', nullable: true }) reviewNote: string | null;
  @Column('jsonb', { name: 'feedback_summary', nullable: true }) feedbackSummary: FeedbackSummary | null;
  @Column('jsonb', { name: 'apply_result', nullable: true }) applyResult: ApplyResult | null;
  @Column('text', { name: 'schema_ids', array: true }) schemaIds: string[];
}

/** The apply saga's columns (apply_state, event_ids) are not mapped: only the apply log reads and writes them. */
@Entity({ name: 'operation' })
export class OperationEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'change_set_id' }) changeSetId: string;
  @Column('integer') position: number;
  @Column('text') type: OperationType;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('text', { name: 'schema_id' }) schemaId: string;
  @Column('text', { name: 'entity_name', nullable: true }) entityName: string | null;
  @Column('text', { name: 'entity_sku', nullable: true }) entitySku: string | null;
  @Column('text') status: OperationStatus;
  @Column('text', { name: 'review_note', nullable: true }) reviewNote: string | null;
  @Column('jsonb') changes: ProposedChangeDto[];
  @Column('jsonb', { nullable: true }) error: { code: string; message: string } | null;
}

@Entity({ name: 'annotation' })
export class AnnotationEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'change_set_id' }) changeSetId: string;
  @Column('text', { name: 'operation_id' }) operationId: string;
  @Column('text', { name: 'attribute_alias' }) attributeAlias: string;
  @Column('jsonb') scope: Scope;
  @Column('text') text: string;
  @Column('integer', { name: 'start_offset' }) startOffset: number;
  @Column('integer', { name: 'end_offset' }) endOffset: number;
  @Column('text') sentiment: Rating;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

@Entity({ name: 'message' })
export class MessageEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'change_set_id' }) changeSetId: string;
  @Column('text', { name: 'operation_id', nullable: true }) operationId: string | null;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_name' }) authorName: string;
  @Column('text', { name: 'author_type' }) authorType: 'user' | 'agent';
  @Column('text') body: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}

/** One submission of a set; its operations' proposals are in change_set_revision_operation. */
@Entity({ name: 'change_set_revision' })
export class RevisionEntity {
  @PrimaryColumn('text', { name: 'change_set_id' }) changeSetId: string;
  @PrimaryColumn('integer') revision: number;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('text', { name: 'submitted_by' }) submittedBy: string;
  @Column('integer', { name: 'operation_count' }) operationCount: number;
}

@Entity({ name: 'change_set_revision_operation' })
export class RevisionOperationEntity {
  @PrimaryColumn('text', { name: 'change_set_id' }) changeSetId: string;
  @PrimaryColumn('integer') revision: number;
  @PrimaryColumn('text', { name: 'operation_id' }) operationId: string;
  @Column('integer') position: number;
  @Column('text') type: OperationType;
  @Column('text', { name: 'entity_id', nullable: true }) entityId: string | null;
  @Column('text', { name: 'schema_id' }) schemaId: string;
  @Column('jsonb') changes: ProposedChangeInput[];
}

export const CHANGE_SETS_ENTITIES = [ChangeSetEntity, OperationEntity, AnnotationEntity, MessageEntity, RevisionEntity, RevisionOperationEntity];
