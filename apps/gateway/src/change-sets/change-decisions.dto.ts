import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { MAX_CHANGE_DECISIONS_PER_REQUEST } from '@sigma/contracts';
import { ref } from '../openapi/schemas/dsl';
import { IsStringMap } from './change-sets.dto';

const DECISION_VERBS = ['approve', 'reject'] as const;

export class ChangeDecisionDto {
  @ApiProperty({ example: 'product-name' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  attributeAlias: string;

  @ApiPropertyOptional({
    allOf: [ref('Scope')],
    example: { 'dim-language': 'seg-de' },
    description:
      'Which change of the attribute (dimension id → segment id; key order does not matter), when the operation proposes it in several scopes; ' +
      'may be left out when it proposes exactly one change to it.',
  })
  @IsOptional()
  @IsStringMap()
  scope?: Record<string, string>;

  @ApiProperty({ enum: DECISION_VERBS })
  @IsIn(DECISION_VERBS)
  decision: (typeof DECISION_VERBS)[number];
}

export class DecideChangesDto {
  @ApiProperty({
    type: [ChangeDecisionDto],
    description: `One entry per change to decide (at most ${MAX_CHANGE_DECISIONS_PER_REQUEST}); each change at most once. Changes not named keep their decision.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CHANGE_DECISIONS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => ChangeDecisionDto)
  decisions: ChangeDecisionDto[];

  @ApiPropertyOptional({ example: 'Description approved; the German name is not idiomatic.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  reviewNote?: string;

  @ApiPropertyOptional({
    description:
      'false when left out. Approve changes that are stale (oldValue no longer equal to the record\'s value, flagged `stale` when the set is read); ' +
      'without it, approving one is a 409 `stale-change` listing them.',
  })
  @IsOptional()
  @IsBoolean()
  allowStale?: boolean;
}
