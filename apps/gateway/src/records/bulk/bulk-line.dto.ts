import { IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { ValuesMap } from '@sigma/contracts';

/** One NDJSON line of POST /records/bulk (checked line by line, not by the global pipe). */
export class BulkUpsertLineDto {
  @IsOptional()
  @IsString()
  // A chosen id names a record in URLs: no characters that would climb or split a path.
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'id must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  id?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  sku?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  schemaId?: string;

  @IsObject()
  values: ValuesMap;

  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
