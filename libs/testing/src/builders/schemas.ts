import type { AttributeDto, DataType, DimensionDto, SchemaDto } from '@sigma/contracts';
import type { ApiClient } from '../api-client';
import { type ActAs, expectCreated, uniqueId } from './unique';

/** An attribute of a test schema: text, global and without rules unless told otherwise. */
export function attribute(alias: string, options: Partial<Omit<AttributeDto, 'alias'>> = {}): AttributeDto {
  return { alias, name: options.name ?? alias, dataType: options.dataType ?? ('text' as DataType), dimensionIds: [], rules: {}, ...options };
}

export interface DimensionOptions extends ActAs {
  id?: string;
  name?: string;
  /** Segment ids (named after themselves) or full segments; two by default. */
  segments?: (string | { id: string; name: string })[];
}

/** A new dimension with a unique id (as admin). */
export function createDimension(api: ApiClient, options: DimensionOptions = {}): Promise<DimensionDto> {
  const segments = (options.segments ?? ['seg-a', 'seg-b']).map((segment) => (typeof segment === 'string' ? { id: segment, name: segment } : segment));
  const id = options.id ?? uniqueId('dim');
  return expectCreated(api, options.as ?? 'admin', 'POST', '/dimensions', { id, name: options.name ?? id, segments });
}

export interface SchemaOptions extends ActAs {
  id?: string;
  name?: string;
  initialLifecycleStateId?: string;
  /**
   * The attributes; by default `sku` (text, unique), `name` (text, scoped by `dimensionIds` when
   * given), `material` (text) and `description` (richtext).
   */
  attributes?: AttributeDto[];
  /** Dimensions the default `name` and `description` attributes are scoped by. */
  dimensionIds?: string[];
}

/** A new schema with a unique id (as admin). Records of it need a unique `sku` (createRecord gives one). */
export function createSchema(api: ApiClient, options: SchemaOptions = {}): Promise<SchemaDto> {
  const dimensionIds = options.dimensionIds ?? [];
  const attributes = options.attributes ?? [
    attribute('sku', { rules: { unique: true } }),
    attribute('name', { dimensionIds }),
    attribute('material'),
    attribute('description', { dataType: 'richtext', dimensionIds }),
  ];
  const id = options.id ?? uniqueId('schema');
  return expectCreated(api, options.as ?? 'admin', 'POST', '/schemas', {
    id,
    name: options.name ?? id,
    initialLifecycleStateId: options.initialLifecycleStateId ?? 'state-new',
    attributes,
  });
}
