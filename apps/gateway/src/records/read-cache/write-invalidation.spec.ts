import { recordsWrittenBy } from './write-invalidation';

describe('recordsWrittenBy', () => {
  it('names the record of a write to a /records/:id route', () => {
    expect(recordsWrittenBy('PUT', '/api/v1/records/:id', { id: 'ent-1' })).toEqual({ id: 'ent-1' });
    expect(recordsWrittenBy('PATCH', '/api/v1/records/:id/values/:attr', { id: 'ent-1', attr: 'sku' })).toEqual({ id: 'ent-1' });
    expect(recordsWrittenBy('POST', '/api/v1/records/:id/transition', { id: 'ent-1' })).toEqual({ id: 'ent-1' });
    expect(recordsWrittenBy('DELETE', '/api/v1/records/:id/categories/:categoryId', { id: 'ent-1', categoryId: 'c' })).toEqual({ id: 'ent-1' });
  });

  it('names every record for a deletion, which takes the variants with it', () => {
    expect(recordsWrittenBy('DELETE', '/api/v1/records/:id', { id: 'ent-1' })).toEqual({});
  });

  it('names every record for a write under /records without one (bulk)', () => {
    expect(recordsWrittenBy('POST', '/api/v1/records/bulk', {})).toEqual({});
  });

  it('names none for a create: it only adds a record', () => {
    expect(recordsWrittenBy('POST', '/api/v1/records', {})).toBeUndefined();
  });

  it('names nothing for reads or for routes outside /records', () => {
    expect(recordsWrittenBy('GET', '/api/v1/records/:id', { id: 'ent-1' })).toBeUndefined();
    expect(recordsWrittenBy('HEAD', '/api/v1/records/:id', { id: 'ent-1' })).toBeUndefined();
    expect(recordsWrittenBy('POST', '/api/v1/change-sets/:id/apply', { id: 'cs-1' })).toBeUndefined();
    expect(recordsWrittenBy('POST', undefined, {})).toBeUndefined();
  });
});
