import { COMPUTED_OPERATION_FILTERS, type OperationFilter } from '@sigma/contracts';

/** Binds a value as a query parameter and gives its placeholder (`$3`, `:f0`…). */
export type Bind = (value: unknown) => string;

/**
 * The SQL condition of a filter's plain parts on the operation row aliased `alias` (`TRUE` when
 * there are none). Values travel as parameters only. `stale` and `invalid` are not SQL: see
 * `computedFilter`.
 */
export function operationFilterSql(filter: OperationFilter, alias: string, bind: Bind): string {
  const conditions: string[] = [];
  if (filter.status !== undefined) conditions.push(`${alias}.status = ${bind(filter.status)}`);
  if (filter.type !== undefined) conditions.push(`${alias}.type = ${bind(filter.type)}`);
  if (filter.entityId !== undefined) conditions.push(`${alias}.entity_id = ${bind(filter.entityId)}`);
  if (filter.attributeAlias !== undefined) {
    conditions.push(`${alias}.changes @> jsonb_build_array(jsonb_build_object('attributeAlias', ${bind(filter.attributeAlias)}::text))`);
  }
  if (filter.segment !== undefined) {
    // Any change whose scope names this segment in any dimension.
    conditions.push(`jsonb_path_exists(${alias}.changes, '$[*].scope.* ? (@ == $segment)', jsonb_build_object('segment', ${bind(filter.segment)}::text))`);
  }
  return conditions.length ? conditions.join(' AND ') : 'TRUE';
}

/** The filter's parts the records service answers, if any. */
export function computedFilter(filter: OperationFilter): Pick<OperationFilter, 'stale' | 'invalid'> | undefined {
  const parts = Object.fromEntries(COMPUTED_OPERATION_FILTERS.filter((key) => filter[key] !== undefined).map((key) => [key, filter[key]]));
  return Object.keys(parts).length ? parts : undefined;
}

/** Positional parameters (`$n`) after `first` already used ones: the placeholder binder and its values. */
export function positionalParams(first: readonly unknown[]): { params: unknown[]; bind: Bind } {
  const params = [...first];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/** Named parameters for TypeORM's query builder. */
export function namedParams(prefix = 'f'): { params: Record<string, unknown>; bind: Bind } {
  const params: Record<string, unknown> = {};
  return {
    params,
    bind: (value) => {
      const name = `${prefix}${Object.keys(params).length}`;
      params[name] = value;
      return `:${name}`;
    },
  };
}

/**
 * Which operations a computed filter keeps, given those with a stale change and those with an
 * invalid value among them.
 */
export function keepsComputed(
  filter: Pick<OperationFilter, 'stale' | 'invalid'>,
  operationId: string,
  stale: ReadonlySet<string>,
  invalid: ReadonlySet<string>,
): boolean {
  if (filter.stale !== undefined && stale.has(operationId) !== filter.stale) return false;
  if (filter.invalid !== undefined && invalid.has(operationId) !== filter.invalid) return false;
  return true;
}
