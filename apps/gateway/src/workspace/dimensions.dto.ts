import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { STABLE_ID_MAX_LENGTH, STABLE_ID_MESSAGE, STABLE_ID_PATTERN } from '@sigma/contracts';

export class SegmentInputDto {
  @ApiProperty({ example: 'seg-da', pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH, description: 'Unique within the dimension' })
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  id: string;

  @ApiProperty({ example: 'Danish', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class UpdateDimensionDto {
  @ApiProperty({ example: 'Language', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({
    type: [SegmentInputDto],
    description: 'The complete segment list, in display order (at least one, ids unique within the dimension)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => SegmentInputDto)
  segments: SegmentInputDto[];
}

export class CreateDimensionDto extends UpdateDimensionDto {
  @ApiProperty({ example: 'dim-language', pattern: STABLE_ID_PATTERN.source, maxLength: STABLE_ID_MAX_LENGTH })
  @IsString()
  @Matches(STABLE_ID_PATTERN, { message: STABLE_ID_MESSAGE })
  @MaxLength(STABLE_ID_MAX_LENGTH)
  id: string;
}
