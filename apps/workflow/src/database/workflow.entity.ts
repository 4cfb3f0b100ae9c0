import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransitionDto, WorkflowDto, WorkflowStateDto } from '@sigma/contracts';

@Entity({ name: 'workflow' })
export class WorkflowEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'schema_id' }) schemaId: string;
  @Column('text') name: string;
  @Column('text', { name: 'initial_state_id' }) initialStateId: string;
  @Column('jsonb') states: WorkflowStateDto[];
  @Column('jsonb') transitions: TransitionDto[];
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

export function toWorkflowDto(entity: WorkflowEntity): WorkflowDto {
  return {
    id: entity.id,
    schemaId: entity.schemaId,
    name: entity.name,
    initialStateId: entity.initialStateId,
    states: entity.states,
    transitions: entity.transitions,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
