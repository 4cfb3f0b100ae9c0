import { matchingSubscriptions } from './subscription-match';

describe('matchingSubscriptions', () => {
  const subscriptions = [
    { id: 'a', active: true, eventTypes: ['records.record.updated', 'records.record.created'] },
    { id: 'b', active: true, eventTypes: ['records.record.deleted'] },
    { id: 'c', active: false, eventTypes: ['records.record.updated'] },
  ];

  it('keeps the active subscriptions that asked for the event type', () => {
    expect(matchingSubscriptions(subscriptions, 'records.record.updated').map((s) => s.id)).toEqual(['a']);
    expect(matchingSubscriptions(subscriptions, 'records.record.deleted').map((s) => s.id)).toEqual(['b']);
    expect(matchingSubscriptions(subscriptions, 'records.record.transitioned')).toEqual([]);
    expect(matchingSubscriptions([], 'records.record.updated')).toEqual([]);
  });
});
