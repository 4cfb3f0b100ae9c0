import { DomainError } from '@sigma/contracts';
import type { RecordEntity } from '../../database/entities';
import { checkVersion, nextVersion } from './versioning';

const record = (version: number): RecordEntity => ({
  id: 'ent-1',
  schemaId: 's',
  lifecycleStateId: 'state-draft',
  parentId: null,
  version,
  values: { sku: [{ scope: {}, value: 'A' }] },
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  createdBy: 'user-a',
  updatedBy: 'user-a',
});

function errorOf(work: () => void): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('checkVersion', () => {
  it('passes without a guard and with matching versions', () => {
    expect(() => checkVersion(record(3), {})).not.toThrow();
    expect(() => checkVersion(record(3), { expectedVersion: 3, decidedOnVersion: 3 })).not.toThrow();
  });

  it('a client If-Match on another version is precondition-failed with both versions', () => {
    const error = errorOf(() => checkVersion(record(3), { expectedVersion: 2 }));
    expect(error.code).toBe('precondition-failed');
    expect(error.details).toEqual({ recordId: 'ent-1', currentVersion: 3, expectedVersion: 2 });
  });

  it('a decision taken on another version is stale-write with the current version', () => {
    const error = errorOf(() => checkVersion(record(4), { decidedOnVersion: 3 }));
    expect(error.code).toBe('stale-write');
    expect(error.details).toEqual({ recordId: 'ent-1', currentVersion: 4, decidedOnVersion: 3 });
  });

  it('checks If-Match first: the client asked for that precondition', () => {
    expect(errorOf(() => checkVersion(record(4), { expectedVersion: 1, decidedOnVersion: 1 })).code).toBe('precondition-failed');
  });
});

describe('nextVersion', () => {
  it('moves version, updatedAt and updatedBy and nothing else, on a copy', () => {
    const before = record(3);
    const now = new Date('2026-02-02T00:00:00Z');
    const after = nextVersion(before, { requestId: 'r', actor: { userId: 'user-b', roles: [] } }, now);
    expect(after).toEqual({ ...before, version: 4, updatedAt: now, updatedBy: 'user-b' });
    expect(before.version).toBe(3);
  });

  it('attributes writes without an actor to system', () => {
    expect(nextVersion(record(1), { requestId: 'r' }, new Date()).updatedBy).toBe('system');
  });
});
