import { ApiError } from './api-error';

describe('ApiError', () => {
  it('reads the error body and keeps only well-formed field issues', () => {
    const error = ApiError.from(400, { message: 'bad', code: 'validation-failed', details: [{ field: 'title', rule: 'minLength', message: 'too short' }, { oops: 1 }] }, 'POST /x');
    expect([error.status, error.code, error.message, error.request]).toEqual([400, 'validation-failed', 'bad', 'POST /x']);
    expect(error.issues).toEqual([{ field: 'title', rule: 'minLength', message: 'too short' }]);
    expect(ApiError.from(409, { message: 'no', details: { status: 'draft' } }, 'PUT /x').issues).toEqual([]);
  });
});
