import { ApiError } from './api-error';
import { unsupportedRevisionEdit } from './sigma-api';

describe('ApiError', () => {
  it('reads the error body and keeps only well-formed field issues', () => {
    const error = ApiError.from(400, { message: 'bad', code: 'validation-failed', details: [{ field: 'title', rule: 'minLength', message: 'too short' }, { oops: 1 }] }, 'POST /x');
    expect([error.status, error.code, error.message, error.request]).toEqual([400, 'validation-failed', 'bad', 'POST /x']);
    expect(error.issues).toEqual([{ field: 'title', rule: 'minLength', message: 'too short' }]);
    expect(ApiError.from(409, { message: 'no', details: { status: 'draft' } }, 'PUT /x').issues).toEqual([]);
  });

  it('tells a missing endpoint from a missing thing', () => {
    expect(ApiError.from(404, { message: 'Cannot PATCH /api/v1/change-sets/cs_1/operations/cop-1', code: 'not-found' }, 'PATCH /x').missingRoute).toBe(true);
    expect(ApiError.from(404, { message: "Change set 'cs_1' not found", code: 'not-found' }, 'GET /x').missingRoute).toBe(false);
  });
});

describe('unsupportedRevisionEdit', () => {
  const endpoint = 'PUT /change-sets/:id';

  it('names an API that edits only drafts', () => {
    const error = ApiError.from(409, { message: "Cannot add operations to a change set in status 'revision_requested' (allowed: draft)", code: 'conflict', details: { status: 'revision_requested', allowed: ['draft'] } }, 'PUT /x');
    expect(unsupportedRevisionEdit(error, endpoint)).toBe('this Sigma PIM API accepts PUT /change-sets/:id only in status draft, not in revision_requested');
  });

  it('names a missing endpoint', () => {
    const error = ApiError.from(404, { message: 'Cannot DELETE /api/v1/change-sets/cs_1/operations/cop-1' }, 'DELETE /x');
    expect(unsupportedRevisionEdit(error, 'DELETE /change-sets/:id/operations/:opId')).toBe('this Sigma PIM API has no DELETE /change-sets/:id/operations/:opId endpoint');
  });

  it('leaves other refusals to the ordinary error (wrong status, bad input, unknown set)', () => {
    const pending = ApiError.from(409, { message: 'no', details: { status: 'pending_approval', allowed: ['draft'] } }, 'PUT /x');
    const allowed = ApiError.from(409, { message: 'no', details: { status: 'revision_requested', allowed: ['draft', 'revision_requested'] } }, 'PUT /x');
    expect(unsupportedRevisionEdit(pending, endpoint)).toBeUndefined();
    expect(unsupportedRevisionEdit(allowed, endpoint)).toBeUndefined();
    expect(unsupportedRevisionEdit(ApiError.from(404, { message: "Change set 'cs_1' not found" }, 'PUT /x'), endpoint)).toBeUndefined();
    expect(unsupportedRevisionEdit(new Error('x'), endpoint)).toBeUndefined();
  });
});
