import { ApiError, ApiUnreachable } from '../api/api-error';
import { describeError, errorResult, ok } from './results';

const submitRefusal = ApiError.from(
  422,
  {
    statusCode: 422,
    error: 'Unprocessable Entity',
    message: 'The change set cannot go to review',
    code: 'gate-failed',
    details: [
      { field: 'operations[0].changes[0].attributeAlias', rule: 'exists', message: "attribute 'nope' is not in schema 'schema-apparel'", attributeAlias: 'nope' },
      { field: 'operations[0].changes[1].scope', rule: 'scope', message: "'price' is not scoped by 'dim-language'", attributeAlias: 'price', scope: { 'dim-language': 'seg-da' } },
    ],
  },
  'POST /api/v1/change-sets/cs_1/submit',
);

describe('tool results', () => {
  it('answers success as JSON text', () => {
    expect(ok({ id: 'cs_1' })).toEqual({ content: [{ type: 'text', text: '{"id":"cs_1"}' }] });
  });

  it('lists every refused field with its rule, attribute and scope, then what to do', () => {
    expect(describeError(submitRefusal).split('\n')).toEqual([
      'The Sigma PIM API refused POST /api/v1/change-sets/cs_1/submit: 422 gate-failed: The change set cannot go to review',
      'Problems (field [rule] (attribute, scope): message):',
      "- operations[0].changes[0].attributeAlias [exists] (nope): attribute 'nope' is not in schema 'schema-apparel'",
      `- operations[0].changes[1].scope [scope] (price, {"dim-language":"seg-da"}): 'price' is not scoped by 'dim-language'`,
      'Fix the fields listed and call the tool again.',
    ]);
  });

  it('marks a refusal as a tool error, led by what happened to the proposal', () => {
    const result = errorResult(submitRefusal, 'The change set was created but refused at submit.');
    expect(result.isError).toBe(true);
    expect(result.content[0]).toEqual({ type: 'text', text: expect.stringMatching(/^The change set was created but refused at submit\.\nThe Sigma PIM API refused/) });
  });

  it('explains refusals without field details by status', () => {
    const forbidden = ApiError.from(403, { message: 'Your role does not allow this action', code: 'forbidden' }, 'PUT /api/v1/records/ent-1');
    expect(describeError(forbidden)).toBe(
      'The Sigma PIM API refused PUT /api/v1/records/ent-1: 403 forbidden: Your role does not allow this action\n' +
        'Your role does not allow this action. An agent may read and propose change sets (and follow up its own); it never writes records.',
    );
    expect(describeError(ApiError.from(502, 'Bad Gateway', 'GET /api/v1/records'))).toBe('The Sigma PIM API refused GET /api/v1/records: 502: Bad Gateway');
  });

  it('says when the API did not answer', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    expect(describeError(new ApiUnreachable('GET /api/v1/records', timeout))).toMatch(/^The Sigma PIM API did not answer \(GET \/api\/v1\/records: no answer in time\)/);
  });
});
