import { escapeCopy, recordCopyLine } from './record-copy';

describe('record COPY lines', () => {
  it('escapes what COPY text format reads as delimiters or escapes', () => {
    expect(escapeCopy('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes a top-level record at version 1 by the admin, with its values as escaped JSON', () => {
    const line = recordCopyLine('ent-1', 'schema-apparel', 'state-draft', { note: [{ scope: {}, value: 'tab\there' }] }, 'now');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1).split('\t')).toEqual([
      'ent-1',
      'schema-apparel',
      'state-draft',
      '\\N',
      '1',
      '{"note":[{"scope":{},"value":"tab\\\\there"}]}',
      'now',
      'now',
      'user-admin',
      'user-admin',
    ]);
  });
});
