import fc from 'fast-check';
import type { AttributeDto, DataType, ValidationRules } from '@sigma/contracts';
import { checkValue, isEmptyValue } from './value-rules';

const attr = (dataType: DataType, rules: ValidationRules = {}): Pick<AttributeDto, 'dataType' | 'rules'> => ({ dataType, rules });
const rulesBroken = (dataType: DataType, value: unknown, rules: ValidationRules = {}) => checkValue(attr(dataType, rules), value).map((v) => v.rule);

describe('checkValue: data types', () => {
  describe.each(['text', 'richtext'] as const)('%s', (dataType) => {
    it.each(['', 'Coastal Windbreaker', '<p>Let <b>vindjakke</b></p>', 'ünïcødé ✓'])('accepts the string %j', (value) => {
      expect(checkValue(attr(dataType), value)).toEqual([]);
    });

    it.each([42, true, null, ['a'], { text: 'a' }])('rejects the non-string %j with rule dataType', (value) => {
      const violations = checkValue(attr(dataType), value);
      expect(violations).toEqual([{ rule: 'dataType', message: expect.stringContaining(dataType) }]);
    });
  });

  describe('number', () => {
    it.each([0, -1, 129.99, 969, 1e21, Number.MAX_SAFE_INTEGER + 2])('accepts %p', (value) => {
      expect(rulesBroken('number', value)).toEqual([]);
    });

    it.each([NaN, Infinity, -Infinity, '129.99', '', true, null, [1]])('rejects %p', (value) => {
      expect(rulesBroken('number', value)).toEqual(['dataType']);
    });
  });

  describe('integer', () => {
    it.each([0, -7, 969, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])('accepts %p', (value) => {
      expect(rulesBroken('integer', value)).toEqual([]);
    });

    it.each([1.5, 129.99, NaN, Infinity, '3', Number.MAX_SAFE_INTEGER + 1, 2 ** 60, true, null])('rejects %p', (value) => {
      expect(rulesBroken('integer', value)).toEqual(['dataType']);
    });
  });

  describe('boolean', () => {
    it.each([true, false])('accepts %p', (value) => {
      expect(rulesBroken('boolean', value)).toEqual([]);
    });

    it.each(['true', 'false', 0, 1, null, []])('rejects %p', (value) => {
      expect(rulesBroken('boolean', value)).toEqual(['dataType']);
    });
  });

  describe('date', () => {
    it.each([
      '2024-01-15',
      '2024-02-29', // leap year
      '2000-02-29', // divisible by 400
      '1999-12-31',
      '2024-01-15T10:30:00Z',
      '2024-01-15T10:30Z',
      '2024-01-15T10:30:00.123Z',
      '2024-01-15T10:30:00+02:00',
      '2024-01-15T10:30:00-05:30',
    ])('accepts the ISO 8601 date %s', (value) => {
      expect(rulesBroken('date', value)).toEqual([]);
    });

    it.each([
      ['2023-02-29', 'no leap day in 2023'],
      ['1900-02-29', 'no leap day in 1900'],
      ['2024-02-30', 'February has no 30th'],
      ['2024-02-31', 'February has no 31st'],
      ['2024-04-31', 'April has 30 days'],
      ['2024-13-01', 'no 13th month'],
      ['2024-00-10', 'no month 0'],
      ['2024-01-00', 'no day 0'],
      ['2024-01-32', 'no day 32'],
    ])('rejects the invalid calendar date %s (%s)', (value) => {
      expect(rulesBroken('date', value)).toEqual(['dataType']);
    });

    it('rejects a date-time whose date part is not a real calendar date', () => {
      // Date.parse rolls these over (Feb 31 -> Mar 2); the date part must be a real calendar day too.
      const broken = ['2024-02-31T10:00:00Z', '2023-02-29T00:00:00Z', '2024-04-31T12:00:00+02:00'];
      expect(broken.map((value) => [value, rulesBroken('date', value)])).toEqual(broken.map((value) => [value, ['dataType']]));
    });

    it.each([
      '2024-1-5',
      '15-01-2024',
      '2024/01/15',
      '20240115',
      '2024-01-15T10:30:00', // no zone: ambiguous
      '2024-01-15T25:00:00Z',
      '2024-01-15T10:60:00Z',
      '2024-01-15 10:30:00Z',
      'yesterday',
      '',
      1705314600000,
      null,
    ])('rejects the malformed date %p', (value) => {
      expect(rulesBroken('date', value)).toEqual(['dataType']);
    });

    it('accepts every real calendar day of a leap year and a common year (property)', () => {
      fc.assert(
        fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
          const day = date.toISOString().slice(0, 10);
          expect(rulesBroken('date', day)).toEqual([]);
          expect(rulesBroken('date', date.toISOString())).toEqual([]);
        }),
      );
    });
  });

  describe('select', () => {
    const options = ['shirt', 'jacket', 'trousers'];

    it('accepts one of the options', () => {
      expect(rulesBroken('select', 'jacket', { options })).toEqual([]);
    });

    it('rejects a string that is not an option with rule options, listing the options', () => {
      expect(checkValue(attr('select', { options }), 'Jacket')).toEqual([
        { rule: 'options', message: expect.stringContaining('shirt, jacket, trousers') },
      ]);
    });

    it.each([['shirt'], 1, true, null])('rejects the non-string %p with rule dataType', (value) => {
      expect(rulesBroken('select', value, { options })).toEqual(['dataType']);
    });

    it('accepts any string when the attribute declares no options', () => {
      expect(rulesBroken('select', 'anything', {})).toEqual([]);
    });
  });

  describe('multiselect', () => {
    const options = ['cotton', 'linen', 'wool'];

    it.each([[[]], [['cotton']], [['wool', 'cotton']], [['cotton', 'linen', 'wool']]])('accepts %j', (value) => {
      expect(rulesBroken('multiselect', value, { options })).toEqual([]);
    });

    it('rejects an unknown option with rule options, naming it', () => {
      const [violation] = checkValue(attr('multiselect', { options }), ['cotton', 'silk']);
      expect(violation).toEqual({ rule: 'options', message: expect.stringContaining('silk') });
    });

    it('rejects a repeated option with rule options', () => {
      expect(rulesBroken('multiselect', ['wool', 'wool'], { options })).toEqual(['options']);
    });

    it.each(['cotton', [1], ['cotton', null], { 0: 'cotton' }, null])('rejects %j with rule dataType', (value) => {
      expect(rulesBroken('multiselect', value, { options })).toEqual(['dataType']);
    });

    it('accepts any strings when the attribute declares no options', () => {
      expect(rulesBroken('multiselect', ['a', 'b'], {})).toEqual([]);
    });
  });

  describe('url', () => {
    it.each(['https://sigma-pim.com/products/cw-001', 'http://localhost:3000/x?y=1#z', 'https://例え.jp/'])('accepts %s', (value) => {
      expect(rulesBroken('url', value)).toEqual([]);
    });

    it.each(['ftp://files.example.com/a', 'mailto:info@example.com', 'javascript:alert(1)', '/relative/path', 'example.com', 'not a url', '', 42])(
      'rejects %p',
      (value) => {
        expect(rulesBroken('url', value)).toEqual(['dataType']);
      },
    );
  });

  it('rejects a data type it does not know', () => {
    expect(rulesBroken('colour' as DataType, '#fff')).toEqual(['dataType']);
  });
});

describe('checkValue: rules', () => {
  it('minLength and maxLength are inclusive and count characters, not UTF-16 units', () => {
    const rules = { minLength: 2, maxLength: 3 };
    expect(rulesBroken('text', 'ab', rules)).toEqual([]);
    expect(rulesBroken('text', 'abc', rules)).toEqual([]);
    expect(rulesBroken('text', 'a', rules)).toEqual(['minLength']);
    expect(rulesBroken('text', 'abcd', rules)).toEqual(['maxLength']);
    // Three emoji are six UTF-16 code units but three characters.
    expect(rulesBroken('text', '👕👖🧥', rules)).toEqual([]);
    expect(rulesBroken('text', '👕', rules)).toEqual(['minLength']);
  });

  it('length rules apply to richtext and url strings too', () => {
    expect(rulesBroken('richtext', 'x'.repeat(501), { maxLength: 500 })).toEqual(['maxLength']);
    expect(rulesBroken('url', 'https://a.io', { minLength: 20 })).toEqual(['minLength']);
  });

  it('pattern must match (Unicode mode)', () => {
    const rules = { pattern: '^[A-Z0-9-]+$' };
    expect(rulesBroken('text', 'CW-001', rules)).toEqual([]);
    expect(rulesBroken('text', 'cw-001', rules)).toEqual(['pattern']);
    expect(rulesBroken('text', 'CW 001', rules)).toEqual(['pattern']);
    expect(rulesBroken('text', 'Kuesten', { pattern: '^\\p{Lu}\\p{Ll}+$' })).toEqual([]);
    expect(checkValue(attr('text', rules), 'x')).toEqual([{ rule: 'pattern', message: 'must match ^[A-Z0-9-]+$' }]);
  });

  it('min and max are inclusive for numbers and integers', () => {
    const rules = { min: 0, max: 1000 };
    for (const dataType of ['number', 'integer'] as const) {
      expect(rulesBroken(dataType, 0, rules)).toEqual([]);
      expect(rulesBroken(dataType, 1000, rules)).toEqual([]);
      expect(rulesBroken(dataType, -1, rules)).toEqual(['min']);
      expect(rulesBroken(dataType, 1001, rules)).toEqual(['max']);
    }
    expect(rulesBroken('number', -0.01, rules)).toEqual(['min']);
    expect(rulesBroken('number', 1000.001, rules)).toEqual(['max']);
  });

  it('reports every broken rule of a value at once', () => {
    const violations = checkValue(attr('text', { minLength: 5, pattern: '^[A-Z]+$' }), 'ab');
    expect(violations.map((v) => v.rule)).toEqual(['minLength', 'pattern']);
    expect(violations[0].message).toBe('must be at least 5 characters');
  });

  it('reports only the type when the value has the wrong type, not rules that cannot apply', () => {
    expect(rulesBroken('number', 'abc', { min: 10, minLength: 5 })).toEqual(['dataType']);
    expect(rulesBroken('text', 5, { min: 10, maxLength: 0 })).toEqual(['dataType']);
  });

  it('unique is not checked here (the database enforces it)', () => {
    expect(rulesBroken('text', 'OXF-001', { unique: true })).toEqual([]);
  });

  it('a value within min/max never breaks them (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        // Halving subnormals rounds (min = max = 4.4e-323 gave a mid below min): keep it in range.
        const mid = Math.min(max, Math.max(min, min / 2 + max / 2));
        expect(rulesBroken('number', mid, { min, max })).toEqual([]);
        if (min > -Number.MAX_VALUE && min - 1 < min) expect(rulesBroken('number', min - 1, { min, max })).toContain('min');
      }),
    );
  });

  it('maxLength holds exactly for strings of up to maxLength characters (property)', () => {
    fc.assert(
      // NUL is refused by its own rule (see below), so it is kept out of this length property.
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }).filter((text) => !text.includes('\u0000')), fc.nat({ max: 40 }), (text, maxLength) => {
        const length = [...text].length;
        expect(rulesBroken('text', text, { maxLength })).toEqual(length > maxLength ? ['maxLength'] : []);
      }),
    );
  });
});

describe('isEmptyValue', () => {
  it.each([null, undefined, '', []])('%p holds no information', (value) => {
    expect(isEmptyValue(value)).toBe(true);
  });

  it.each([0, false, ' ', 'x', ['a'], {}])('%p is a value', (value) => {
    expect(isEmptyValue(value)).toBe(false);
  });
});

describe('NUL characters', () => {
  it('are refused in text and in options, which PostgreSQL could not store', () => {
    expect(checkValue({ dataType: 'text', rules: {} }, 'a\u0000b').map((v) => v.rule)).toEqual(['characters']);
    expect(checkValue({ dataType: 'multiselect', rules: {} }, ['x\u0000']).map((v) => v.rule)).toEqual(['characters']);
    expect(checkValue({ dataType: 'text', rules: {} }, 'plain')).toEqual([]);
  });
});
