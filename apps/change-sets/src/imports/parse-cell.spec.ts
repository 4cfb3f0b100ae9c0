import { parseCell } from './parse-cell';

const of = (dataType: any, options?: string[]) => ({ dataType, rules: options ? { options } : {} });

describe('parseCell', () => {
  it('keeps text, rich text and URLs as they are', () => {
    expect(parseCell(' Skjorte ', of('text'))).toEqual({ ok: true, value: ' Skjorte ' });
    expect(parseCell('<p>x</p>', of('richtext'))).toEqual({ ok: true, value: '<p>x</p>' });
    expect(parseCell('https://x.test/a', of('url'))).toEqual({ ok: true, value: 'https://x.test/a' });
  });

  it('reads numbers and whole numbers', () => {
    expect(parseCell('12.5', of('number'))).toEqual({ ok: true, value: 12.5 });
    expect(parseCell(' 7 ', of('integer'))).toEqual({ ok: true, value: 7 });
    expect(parseCell('lots', of('number'))).toEqual({ ok: false, message: "'lots' is not a number" });
    expect(parseCell('1.5', of('integer'))).toEqual({ ok: false, message: "'1.5' is not a whole number" });
  });

  it('reads booleans as true/false in any case', () => {
    expect(parseCell('TRUE', of('boolean'))).toEqual({ ok: true, value: true });
    expect(parseCell('false', of('boolean'))).toEqual({ ok: true, value: false });
    expect(parseCell('yes', of('boolean')).ok).toBe(false);
  });

  it('reads ISO dates', () => {
    expect(parseCell('2026-12-04', of('date'))).toEqual({ ok: true, value: '2026-12-04' });
    expect(parseCell('2026-12-04T10:00:00Z', of('date'))).toEqual({ ok: true, value: '2026-12-04T10:00:00Z' });
    expect(parseCell('04/12/2026', of('date')).ok).toBe(false);
    expect(parseCell('2026-13-40', of('date')).ok).toBe(false);
  });

  it('reads a select as one of its options', () => {
    expect(parseCell('shirt', of('select', ['shirt', 'jacket']))).toEqual({ ok: true, value: 'shirt' });
    expect(parseCell('hat', of('select', ['shirt', 'jacket']))).toEqual({ ok: false, message: "'hat' is not one of: shirt, jacket" });
  });

  it('reads a multiselect as a JSON array or comma-separated options', () => {
    expect(parseCell('["a","b"]', of('multiselect', ['a', 'b']))).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseCell('a, b', of('multiselect', ['a', 'b']))).toEqual({ ok: true, value: ['a', 'b'] });
    expect(parseCell('[1]', of('multiselect')).ok).toBe(false);
    expect(parseCell('a,c', of('multiselect', ['a', 'b']))).toEqual({ ok: false, message: 'unknown options c; allowed: a, b' });
  });
});
