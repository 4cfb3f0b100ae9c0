import { PlanCache } from './plan-cache';
import { slotKey } from './slot-key';
import { scoreStates, statePlans } from './state-scores';
import { attribute, segments } from '../test/support/completeness-fixtures';

const context = {
  attributes: new Map([
    ['name', attribute('name')],
    ['description', attribute('description', ['dim-language'])],
  ]),
  segmentsByDimension: new Map([...segments].map(([id, list]) => [id, new Set(list)])),
};
const states = [
  { id: 'draft', requiredAttributes: [] },
  { id: 'review', requiredAttributes: ['name'] },
  { id: 'ready', requiredAttributes: ['name', 'description'] },
];

describe('scoreStates', () => {
  it('scores a record against every state at once', () => {
    const plans = statePlans(new PlanCache(), states, context);
    const values = { name: [{ scope: {}, value: 'Oxford' }], description: [{ scope: { 'dim-language': 'seg-da' }, value: 'Skjorte' }] };
    expect(scoreStates(plans, values)).toEqual([
      { stateId: 'draft', filled: 0, total: 0, percentage: 100, complete: true, missing: [] },
      { stateId: 'review', filled: 1, total: 1, percentage: 100, complete: true, missing: [] },
      { stateId: 'ready', filled: 2, total: 3, percentage: 67, complete: false, missing: [slotKey({ attributeAlias: 'description', scope: { 'dim-language': 'seg-de' } })] },
    ]);
  });

  it('does not call a rounded 100 complete', () => {
    const many = Array.from({ length: 200 }, (_, i) => `a${i}`);
    const plans = statePlans(new PlanCache(), [{ id: 's', requiredAttributes: many }], {
      attributes: new Map(many.map((alias) => [alias, attribute(alias)])),
      segmentsByDimension: new Map(),
    });
    const values = Object.fromEntries(many.slice(1).map((alias) => [alias, [{ scope: {}, value: 'x' }]]));
    expect(scoreStates(plans, values)).toEqual([{ stateId: 's', filled: 199, total: 200, percentage: 100, complete: false, missing: ['["a0",{}]'] }]);
  });

  it('reuses the cached plans while nothing changed', () => {
    const cache = new PlanCache();
    const first = statePlans(cache, states, context);
    expect(statePlans(cache, states, context)).toEqual(first);
    expect(statePlans(cache, states, context)[2]).toBe(first[2]);
  });
});
