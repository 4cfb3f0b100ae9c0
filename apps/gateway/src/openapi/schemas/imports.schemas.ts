import { IMPORT_ERRORS_KEPT, IMPORT_STATUSES } from '@sigma/contracts';
import { arrayOf, dateTime, integer, object, oneOfStrings, ref, refTo, string } from './dsl';

/** Imports: files read into draft change sets. */
export const IMPORT_SCHEMAS = {
  ImportColumnTarget: object(
    { attributeAlias: string(), scope: refTo('Scope', '{} (global) when left out') },
    { optional: ['scope'], description: 'The attribute and scope a column\'s cells propose' },
  ),
  ImportRowError: object(
    { row: integer('Row of the file, the header being row 1'), column: string('The column header (absent for a whole row)'), message: string() },
    { optional: ['column'] },
  ),
  Import: object(
    {
      id: string(),
      schemaId: string(),
      status: oneOfStrings(IMPORT_STATUSES),
      source: ref('ChangeSetSource'),
      keyColumn: string(),
      changeSetId: string('The draft change set the operations go to'),
      createdBy: string(),
      createdAt: dateTime(),
      startedAt: dateTime(),
      finishedAt: dateTime(),
      rowsRead: integer('Data rows read so far (the header not counted)'),
      operations: object({ created: integer(), updated: integer() }),
      unchangedRows: integer('Rows equal to the record\'s current values: no operation'),
      errorCount: integer(),
      errors: arrayOf(ref('ImportRowError'), `The first ${IMPORT_ERRORS_KEPT} errors`),
      failure: string('Why the file could not be read to its end (status failed)'),
    },
    { optional: ['startedAt', 'finishedAt', 'failure'] },
  ),
};
