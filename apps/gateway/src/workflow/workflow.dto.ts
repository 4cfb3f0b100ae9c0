import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

const STABLE_ID = /^[a-z0-9][a-z0-9-]*$/;
const STABLE_ID_MESSAGE = 'must be a stable id: lowercase letters, digits and dashes';

export class TransitionRequestDto {
  @ApiProperty({ example: 'trans-draft-to-review' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  transitionId: string;
}

export class CompletenessQueryDto {
  @ApiPropertyOptional({ example: 'state-review', description: 'Score against this state instead of the record\'s current one' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  lifecycleStateId?: string;
}

export class WorkflowStateInputDto {
  @ApiProperty({ example: 'state-draft' })
  @IsString()
  @Matches(STABLE_ID, { message: STABLE_ID_MESSAGE })
  @MaxLength(100)
  id: string;

  @ApiProperty({ example: 'Draft' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: ['product-name', 'sku'], description: 'Attribute aliases every slot of which must be filled' })
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  requiredAttributes: string[];
}

export class TransitionInputDto {
  @ApiProperty({ example: 'trans-review-to-published' })
  @IsString()
  @Matches(STABLE_ID, { message: STABLE_ID_MESSAGE })
  @MaxLength(100)
  id: string;

  @ApiProperty({ example: 'state-review' })
  @IsString()
  fromStateId: string;

  @ApiProperty({ example: 'state-published' })
  @IsString()
  toStateId: string;

  @ApiProperty({ example: 'Publish' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: ['role-admin', 'role-editor'] })
  @IsArray()
  @IsString({ each: true })
  allowedRoleIds: string[];

  @ApiProperty({ example: true, description: 'The record must be 100% complete for the target state' })
  @IsBoolean()
  requiresCompleteness: boolean;
}

export class UpdateWorkflowDto {
  @ApiProperty({ example: 'schema-apparel' })
  @IsString()
  @MinLength(1)
  schemaId: string;

  @ApiProperty({ example: 'Apparel lifecycle' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'state-draft' })
  @IsString()
  initialStateId: string;

  @ApiProperty({ type: [WorkflowStateInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WorkflowStateInputDto)
  states: WorkflowStateInputDto[];

  @ApiProperty({ type: [TransitionInputDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TransitionInputDto)
  transitions: TransitionInputDto[];
}

export class CreateWorkflowDto extends UpdateWorkflowDto {
  @ApiProperty({ example: 'workflow-apparel' })
  @IsString()
  @Matches(STABLE_ID, { message: STABLE_ID_MESSAGE })
  @MaxLength(100)
  id: string;
}

export class ListWorkflowsQueryDto {
  @ApiPropertyOptional({ example: 'schema-apparel' })
  @IsOptional()
  @IsString()
  schemaId?: string;
}
