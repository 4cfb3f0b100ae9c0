import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { describeError, ErrorNotice } from './error-notice';

describe('ErrorNotice', () => {
  it('names each field of a validation error', () => {
    const error = new ApiError(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'attributeAlias: the operation does not change price',
      code: 'validation-failed',
      details: [{ field: 'attributeAlias', rule: 'in-operation', message: 'the operation does not change price' }],
    });
    render(<ErrorNotice error={error} action="Rating" />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Rating failed: Bad Request (400, validation-failed).');
    expect(alert.querySelector('li')?.textContent).toBe('attributeAlias: the operation does not change price (in-operation)');
  });

  it('lists the missing slots of a failed completeness gate', () => {
    const error = new ApiError(422, {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: "The record is 78% complete for 'state-published'; 100% is required",
      code: 'gate-failed',
      details: { percentage: 78, missing: [{ attributeAlias: 'description', scope: {} }, { attributeAlias: 'material', scope: { 'dim-language': 'seg-da' } }] },
    });
    expect(describeError(error).issues).toEqual([
      { field: 'description (global)', message: 'missing', rule: 'required' },
      { field: 'material (dim-language: seg-da)', message: 'missing', rule: 'required' },
    ]);
  });

  it('says when the server could not be reached, and renders nothing without an error', () => {
    const offline = new ApiError(0, { statusCode: 0, error: 'Network error', message: 'The server could not be reached (Failed to fetch)' });
    expect(describeError(offline).title).toBe('No connection');
    const { container } = render(<ErrorNotice error={undefined} />);
    expect(container.innerHTML).toBe('');
  });
});
