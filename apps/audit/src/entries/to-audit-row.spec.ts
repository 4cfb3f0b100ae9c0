import { type EventEnvelope, type RecordChangedPayload, RecordEvents, type ValueChange } from '@sigma/contracts';
import { toAuditRow } from './to-audit-row';

type Event = EventEnvelope<string, Partial<RecordChangedPayload>>;

const changes: ValueChange[] = [
  { attributeAlias: 'product-name', scope: {}, oldValue: 'Coastal Windbreaker', newValue: 'Coastal Windbreaker Pro' },
  { attributeAlias: 'price', scope: { 'dim-market': 'seg-dk' }, oldValue: 75, newValue: 80 },
];

function event(overrides: Partial<Event> = {}): Event {
  return {
    id: 'evt_0123456789abcdef',
    type: RecordEvents.updated,
    occurredAt: '2025-01-15T10:00:00.000Z',
    aggregateId: 'ent-001',
    sequence: 3,
    userId: 'user-editor',
    requestId: 'req-1',
    payload: { schemaId: 'schema-apparel', changes },
    ...overrides,
  };
}

describe('toAuditRow', () => {
  it.each([
    [RecordEvents.created, 'create'],
    [RecordEvents.updated, 'update'],
    [RecordEvents.deleted, 'delete'],
    [RecordEvents.transitioned, 'transition'],
  ])('maps %s to the %s action', (type, action) => {
    expect(toAuditRow(event({ type }))?.action).toBe(action);
  });

  it('copies the event into the row: event id and type, entity, sequence, user, time, changes, request id', () => {
    const row = toAuditRow(event());
    expect(row).toEqual({
      id: expect.stringMatching(/^audit-[0-9A-Za-z]{10}$/),
      event_id: 'evt_0123456789abcdef',
      event_type: RecordEvents.updated,
      entity_id: 'ent-001',
      sequence: 3,
      user_id: 'user-editor',
      occurred_at: '2025-01-15T10:00:00.000Z',
      action: 'update',
      changes,
      change_set_id: null,
      operation_id: null,
      request_id: 'req-1',
    });
  });

  it('keeps the change set and operation ids of a change applied from a change set', () => {
    const row = toAuditRow(event({ changeSetId: 'cs_agentEnrich01', operationId: 'cop-0001abcd', userId: 'user-reviewer' }));
    expect(row).toMatchObject({ change_set_id: 'cs_agentEnrich01', operation_id: 'cop-0001abcd', user_id: 'user-reviewer' });
  });

  it('gives every row a fresh audit id, so the event id alone dedupes', () => {
    const ids = new Set(Array.from({ length: 100 }, () => toAuditRow(event())?.id));
    expect(ids.size).toBe(100);
  });

  it('records an event without a payload or changes as an entry with no changes (a delete of an empty record)', () => {
    expect(toAuditRow(event({ type: RecordEvents.deleted, payload: {} }))?.changes).toEqual([]);
    expect(toAuditRow({ ...event({ type: RecordEvents.deleted }), payload: undefined as never })?.changes).toEqual([]);
  });

  it.each(['records.record.archived', 'records.record.create', 'workflow.workflow.updated', '', 'toString', 'constructor', '__proto__'])(
    'returns undefined for the unknown type %j',
    (type) => {
      expect(toAuditRow(event({ type }))).toBeUndefined();
    },
  );

  it.each<[string, Partial<Record<keyof Event, unknown>>]>([
    ['no id', { id: undefined }],
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 42 }],
    ['no aggregate id', { aggregateId: undefined }],
    ['no user', { userId: undefined }],
    ['no sequence', { sequence: undefined }],
    ['a fractional sequence', { sequence: 1.5 }],
    ['a negative sequence', { sequence: -1 }],
    ['a sequence beyond the column', { sequence: 2 ** 31 }],
    ['a string sequence', { sequence: '3' }],
    ['no time', { occurredAt: undefined }],
    ['an unreadable time', { occurredAt: 'yesterday' }],
    ['changes that are not a list', { payload: { schemaId: 'schema-apparel', changes: 'all of them' } }],
  ])('returns undefined for an event with %s (it could never be written)', (_label, overrides) => {
    expect(toAuditRow({ ...event(), ...overrides } as Event)).toBeUndefined();
  });

  it('returns undefined for something that is not an event at all', () => {
    expect(toAuditRow(null as never)).toBeUndefined();
    expect(toAuditRow('records.record.updated' as never)).toBeUndefined();
    expect(toAuditRow({} as never)).toBeUndefined();
  });
});
