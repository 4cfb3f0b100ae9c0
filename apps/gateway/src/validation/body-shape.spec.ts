import { findBodyProblem } from './body-shape';

const limits = { maxDepth: 32, maxProperties: 1000 };

describe('findBodyProblem', () => {
  it('accepts ordinary bodies', () => {
    expect(findBodyProblem('x')).toBeUndefined();
    expect(findBodyProblem({ values: { price: [{ scope: {}, value: 1 }] } })).toBeUndefined();
  });

  it('refuses a body nested past the limit, thousands deep without overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findBodyProblem(deep, limits)).toMatchObject({ field: 'body', rule: 'maxDepth' });
    let objects: unknown = {};
    for (let i = 0; i < 32; i++) objects = { a: objects };
    expect(findBodyProblem(objects, limits)).toMatchObject({ rule: 'maxDepth' });
  });

  it('refuses an object with too many properties, naming it', () => {
    const values = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`a${i}`, []]));
    expect(findBodyProblem({ values }, limits)).toEqual({ field: 'values', rule: 'maxProperties', message: 'must have at most 1000 properties (has 60000)' });
    const nested = { operations: [{ changes: [{ scope: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`d${i}`, 's'])) }] }] };
    expect(findBodyProblem(nested, limits)?.field).toBe('operations[0].changes[0].scope');
  });

  it('refuses numbers beyond the double range, naming the field', () => {
    expect(findBodyProblem(JSON.parse('{"scopedValues":[{"scope":{},"value":1e400}]}'))).toEqual({
      field: 'scopedValues[0].value',
      rule: 'finite',
      message: 'must be a finite number',
    });
    expect(findBodyProblem(JSON.parse('{"values":{"price":[{"scope":{},"value":-1e999}]}}'))?.field).toBe('values.price[0].value');
    expect(findBodyProblem(JSON.parse('1e400'))?.field).toBe('body');
    expect(findBodyProblem({ value: 1.7976931348623157e308 })).toBeUndefined();
  });
});
