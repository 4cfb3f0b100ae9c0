import { DomainError } from '@sigma/contracts';
import { asDependencyOutage, classifyInfrastructureError } from './infrastructure-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('asDependencyOutage', () => {
  it.each([
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('connection failure', '08006'),
    withCode('sorry, too many clients already', '53300'),
    new Error('Connection terminated unexpectedly'),
  ])('turns %p into a 503-class service-unavailable', (error) => {
    const outage = asDependencyOutage(error);
    expect(outage).toBeInstanceOf(DomainError);
    expect(outage?.code).toBe('service-unavailable');
  });

  it.each([withCode('duplicate key value', '23505'), new TypeError('x is undefined'), 'a string'])('leaves %p alone', (error) => {
    expect(asDependencyOutage(error)).toBeUndefined();
  });
});

describe('classifyInfrastructureError', () => {
  it('turns a PostgreSQL data exception (NUL byte in text) into a 400-class validation error', () => {
    const error = classifyInfrastructureError(withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'));
    expect(error?.code).toBe('validation-failed');
  });

  it('leaves unrelated errors alone', () => {
    expect(classifyInfrastructureError(withCode('duplicate key value', '23505'))).toBeUndefined();
  });
});
