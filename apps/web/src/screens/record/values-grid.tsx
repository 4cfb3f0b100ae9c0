import type { MissingSlot, RecordDto, Scope, SchemaDto } from '../../api';
import { formatScope, formatValue, type ScopeNames, scopeKey } from '../../components/format';

/** Every scope that holds a value or is missing one, global first, then by label. */
export function gridScopes(record: RecordDto, missing: readonly MissingSlot[], names: ScopeNames): Scope[] {
  const scopes = new Map<string, Scope>([[scopeKey({}), {}]]);
  for (const values of Object.values(record.values)) for (const { scope } of values) scopes.set(scopeKey(scope), scope);
  for (const slot of missing) scopes.set(scopeKey(slot.scope), slot.scope);
  return [...scopes.values()].sort((a, b) => Object.keys(a).length - Object.keys(b).length || formatScope(a, names).localeCompare(formatScope(b, names)));
}

/** Attributes × scopes; a slot the current state requires and the record lacks is marked missing. */
export function ValuesGrid({ record, schema, missing, names }: { record: RecordDto; schema?: SchemaDto; missing: readonly MissingSlot[]; names: ScopeNames }) {
  const scopes = gridScopes(record, missing, names);
  const aliases = schema ? schema.attributes.map((attribute) => attribute.alias) : Object.keys(record.values).sort();
  for (const alias of Object.keys(record.values)) if (!aliases.includes(alias)) aliases.push(alias);
  const missingKeys = new Set(missing.map((slot) => `${slot.attributeAlias}|${scopeKey(slot.scope)}`));
  const attributeName = (alias: string) => schema?.attributes.find((attribute) => attribute.alias === alias)?.name ?? alias;
  return (
    <div className="grid-scroll" role="region" aria-label="Values" tabIndex={0}>
      <table className="table values-grid">
        <caption className="visually-hidden">Values by attribute and scope</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            {scopes.map((scope) => (
              <th scope="col" key={scopeKey(scope)}>
                {formatScope(scope, names)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {aliases.map((alias) => (
            <tr key={alias}>
              <th scope="row">
                {attributeName(alias)} <code className="muted small">{alias}</code>
              </th>
              {scopes.map((scope) => {
                const key = scopeKey(scope);
                const found = record.values[alias]?.find((value) => scopeKey(value.scope) === key);
                const isMissing = missingKeys.has(`${alias}|${key}`);
                return (
                  <td key={key} className={isMissing ? 'cell--missing' : found ? undefined : 'cell--empty'}>
                    {found ? formatValue(found.value) : isMissing ? 'missing' : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
