import type { UpsertDimensionRequest } from '@sigma/contracts';
import { removedSegmentIds, validateDimension } from './validate-dimension';

const valid = (): UpsertDimensionRequest => ({
  id: 'dim-language',
  name: 'Language',
  segments: [
    { id: 'seg-da', name: 'Danish' },
    { id: 'seg-de', name: 'German' },
  ],
});

const fields = (request: UpsertDimensionRequest) => validateDimension(request).map((issue) => `${issue.field}:${issue.rule}`);

describe('validateDimension', () => {
  it('accepts a dimension with stable ids and named segments', () => {
    expect(validateDimension(valid())).toEqual([]);
  });

  it.each([
    ['uppercase', 'Dim-Language'],
    ['a leading dash', '-dim'],
    ['spaces', 'dim language'],
    ['an underscore', 'dim_language'],
  ])('rejects an id with %s', (_, id) => {
    expect(fields({ ...valid(), id })).toEqual(['id:pattern']);
  });

  it('rejects ids longer than 100 characters and accepts exactly 100', () => {
    expect(fields({ ...valid(), id: 'd'.repeat(101) })).toEqual(['id:maxLength']);
    expect(fields({ ...valid(), id: 'd'.repeat(100) })).toEqual([]);
  });

  it('rejects a blank name', () => {
    expect(fields({ ...valid(), name: '   ' })).toEqual(['name:required']);
  });

  it('needs at least one segment', () => {
    expect(fields({ ...valid(), segments: [] })).toEqual(['segments:minSize']);
  });

  it('names every broken segment, and a repeated segment id at its second use', () => {
    const request = {
      ...valid(),
      segments: [
        { id: 'seg-da', name: 'Danish' },
        { id: 'SEG', name: '' },
        { id: 'seg-da', name: 'Dansk' },
      ],
    };
    expect(fields(request)).toEqual(['segments[1].id:pattern', 'segments[1].name:required', 'segments[2].id:unique']);
  });

  it('reports a non-array segment list instead of throwing', () => {
    expect(fields({ ...valid(), segments: 'seg-da' as never })).toEqual(['segments:type']);
  });
});

describe('removedSegmentIds', () => {
  it('lists segments the new list drops; renames and additions are not removals', () => {
    const current = valid().segments;
    expect(removedSegmentIds(current, [{ id: 'seg-da', name: 'Dansk' }, { id: 'seg-sv', name: 'Swedish' }])).toEqual(['seg-de']);
    expect(removedSegmentIds(current, [...current].reverse())).toEqual([]);
  });
});
