import { type AttributeDto, ID_COLUMN, type ImportColumnTarget, type ImportRowError, parseColumnName, type Scope } from '@sigma/contracts';

/** A file column the import reads: which attribute and scope its cells propose. */
export interface ResolvedColumn {
  index: number;
  name: string;
  attributeAlias: string;
  scope: Scope;
}

export interface ResolvedColumns {
  /** Where the SKU is (-1: no such column, every row fails). */
  keyIndex: number;
  columns: ResolvedColumn[];
  /** Header problems, reported on row 1; the columns named are ignored. */
  errors: ImportRowError[];
}

/** Resolved columns as an import keeps them while its file is read: with the data types and rules of their attributes when it started. */
export interface StoredColumns extends ResolvedColumns {
  types: Record<string, Pick<AttributeDto, 'dataType' | 'rules'>>;
}

export const SKU_ALIAS = 'sku';

/**
 * Which column proposes what. With a mapping, the mapped columns (others are ignored: supplier
 * files carry extra columns); without, every header follows the export convention (`<alias>`,
 * `<alias>@<dim>=<seg>+…`), `id` is ignored (the key is the SKU) and a header that names no
 * attribute of the schema (or a scope the attribute does not have) is an error on row 1.
 */
export function resolveColumns(
  headers: readonly string[],
  keyColumn: string,
  mapping: Record<string, ImportColumnTarget> | undefined,
  attributes: readonly Pick<AttributeDto, 'alias' | 'dimensionIds'>[],
): ResolvedColumns {
  const byAlias = new Map(attributes.map((attribute) => [attribute.alias, attribute]));
  const names = headers.map((header) => header.trim());
  const errors: ImportRowError[] = [];
  const columns: ResolvedColumn[] = [];
  const keyIndex = names.indexOf(keyColumn);
  if (keyIndex < 0) errors.push({ row: 1, column: keyColumn, message: `The key column '${keyColumn}' is not in the file` });
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) return errors.push({ row: 1, column: name, message: `Column '${name}' appears twice; only its first occurrence is read` });
    seen.add(name);
    const target = mapping ? mapping[name] : name === ID_COLUMN ? undefined : parseColumnName(name);
    if (!target) {
      if (!mapping && name !== ID_COLUMN && index !== keyIndex) errors.push({ row: 1, column: name, message: `Column '${name}' does not follow <alias> or <alias>@<dimension>=<segment>; ignored` });
      return;
    }
    const scope = target.scope ?? {};
    const problem = targetProblem(target.attributeAlias, scope, byAlias.get(target.attributeAlias));
    if (problem) return errors.push({ row: 1, column: name, message: `${problem}; column ignored` });
    columns.push({ index, name, attributeAlias: target.attributeAlias, scope });
  });
  for (const name of Object.keys(mapping ?? {})) {
    if (!seen.has(name)) errors.push({ row: 1, column: name, message: `Mapped column '${name}' is not in the file` });
  }
  return { keyIndex, columns, errors };
}

function targetProblem(alias: string, scope: Scope, attribute: Pick<AttributeDto, 'dimensionIds'> | undefined): string | undefined {
  if (!attribute) return `The schema has no attribute '${alias}'`;
  const dimensions = Object.keys(scope);
  const expected = attribute.dimensionIds;
  if (dimensions.length !== expected.length || dimensions.some((dimension) => !expected.includes(dimension))) {
    return expected.length === 0 ? `Attribute '${alias}' is global: it takes no scope` : `Attribute '${alias}' is scoped by ${expected.join(', ')}: name a segment of each`;
  }
  return undefined;
}
