import { ErrorCodes } from '@sigma/contracts';
import { arrayOf, integer, mapOf, object, oneOfStrings, ref, refTo, type Schema, string } from './dsl';

/** A JSON object (or null), its values any JSON. */
const JSON_OBJECT: Schema = { type: 'object', additionalProperties: ref('JsonValue'), nullable: true };

/** Values, scopes and the error body: the building blocks every other schema uses. */
export const COMMON_SCHEMAS = {
  JsonValue: {
    description:
      'Any JSON value: a string, number, boolean, array, object or null. Attribute values are typed by the attribute ' +
      '(text and url: string; number and integer: number; boolean; date: "YYYY-MM-DD"; select: string; multiselect: string[]); ' +
      'null clears a scope. An array holds scalars and objects, not arrays directly.',
    // OpenAPI 3.0 has no null type and allows `nullable` only beside `type`: the object branch carries it.
    anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: ref('JsonArrayItem') }, JSON_OBJECT],
  },
  // Arrays of arrays are left out: TypeScript cannot type an array nested in itself through the
  // generated client's indexed types (components["schemas"]["JsonValue"][] is a circular reference).
  JsonArrayItem: {
    description: 'An element of a JSON array: a string, number, boolean, object or null.',
    anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, JSON_OBJECT],
  },
  Scope: mapOf(string(), 'Dimension id -> segment id, e.g. `{ "dim-language": "seg-da" }`; `{}` is the global scope.'),
  ScopedValue: object({ scope: ref('Scope'), value: ref('JsonValue') }, { description: 'One value of an attribute, for one scope.' }),
  ValuesMap: mapOf(arrayOf(ref('ScopedValue')), 'Attribute alias -> its scoped values (at most one per scope).'),
  ErrorBody: object(
    {
      statusCode: integer('The HTTP status, repeated'),
      error: string('Its reason phrase, e.g. "Not Found"'),
      message: string('What went wrong, for people'),
      code: oneOfStrings(Object.values(ErrorCodes), 'What went wrong, for programs; decides the shape of `details`'),
      details: refTo('ErrorDetails', 'Facts for the code; see ErrorDetails'),
    },
    { optional: ['code', 'details'], description: 'The one error shape every endpoint answers with. A rejected request changes nothing.' },
  ),
  ErrorDetails: {
    description:
      'By code: `validation-failed` and a change set\'s `gate-failed`: one entry per broken rule `{ field, rule, message, attributeAlias?, scope? }`; ' +
      '`not-found`: the unknown id as `<thing>Id` (`recordId`, `categoryId`, …) or `attributeAlias`; ' +
      '`precondition-failed`: `{ recordId, currentVersion, expectedVersion }` (or `{ ifMatch }` for a malformed header); ' +
      '`stale-write`: `{ recordId, currentVersion, decidedOnVersion }`; ' +
      '`conflict`: the facts of the conflicting state (e.g. `{ status, allowed }`) or one entry per thing in the way ' +
      '(`{ field, rule, message, recordCount, … }`, or `{ attributeAlias, scope, expected, actual }` for a stale change-set value); ' +
      '`stale-change`: one entry per stale change of the operations being approved `{ operationId, field, attributeAlias, scope, expected, actual }`; ' +
      'a completeness `gate-failed`: `{ percentage, filled, total, missing }`; `forbidden`: `{ permission }`, `{ allowedRoleIds }`, `{ field }` or ' +
      '`{ changeSetId, createdBy }`; `payload-too-large` for an answer too large to send: `{ reason, subject, bytes, maxBytes }`, or an atomic bulk batch too large: `{ reason, bytes, maxBytes }`; ' +
      '`sku-limit-reached`: `{ limit, count }`; `rate-limited`: `{ retryAfterSeconds }`; `idempotency-key-reused`: `{ idempotencyKey }`; ' +
      '`timeout` and `service-unavailable`: `{ service }`, or `{ changeSetId, applyProgress }` for an apply still running.',
    anyOf: [arrayOf(ref('ErrorDetailEntry')), mapOf(ref('JsonValue'))],
  },
  ErrorDetailEntry: object(
    {
      field: string('Path of the offending field in the request, e.g. `values.price[1].value`'),
      rule: string('The broken rule, e.g. `dataType`, `required`, `segment-in-use`'),
      message: string(),
      attributeAlias: string(),
      scope: ref('Scope'),
      recordCount: integer('How many records hold such values'),
      dimensionId: string(),
      segmentId: string(),
      operationId: string('The change-set operation of a stale change'),
      expected: refTo('JsonValue', 'The value a change-set change expected (its oldValue)'),
      actual: refTo('JsonValue', 'The value the record holds now'),
    },
    {
      optional: ['field', 'rule', 'message', 'attributeAlias', 'scope', 'recordCount', 'dimensionId', 'segmentId', 'operationId', 'expected', 'actual'],
      description: 'One broken rule, or one thing in the way of a change.',
    },
  ),
  Deleted: object({ deleted: { type: 'boolean', enum: [true] } }),
} satisfies Record<string, Schema>;
