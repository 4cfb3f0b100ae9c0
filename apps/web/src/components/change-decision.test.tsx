import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { ChangeDecisionControls } from './change-decision';

const SUBJECT = 'Short Description (global) in cop-enrich-1';

describe('ChangeDecisionControls', () => {
  it('decides one change, naming it in the buttons, and shows its decision', () => {
    const onDecide = vi.fn().mockResolvedValue(undefined);
    render(<ChangeDecisionControls decision="pending" canDecide onDecide={onDecide} subject={SUBJECT} />);
    expect(screen.getByRole('group', { name: `Decide ${SUBJECT}` })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: `Reject ${SUBJECT}` }));
    expect(onDecide).toHaveBeenCalledWith('reject');
    expect(screen.getByText('pending')).toBeTruthy();
  });

  it('shows the decision taken as the pressed button, and lets the reviewer change it', () => {
    const onDecide = vi.fn().mockResolvedValue(undefined);
    render(<ChangeDecisionControls decision="approved" canDecide onDecide={onDecide} subject={SUBJECT} />);
    expect(screen.getByRole('button', { name: `Approve ${SUBJECT}` }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: `Reject ${SUBJECT}` }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: `Reject ${SUBJECT}` }));
    expect(onDecide).toHaveBeenCalledWith('reject');
  });

  it('shows a caller who may not decide only the decision', () => {
    render(<ChangeDecisionControls decision="rejected" canDecide={false} onDecide={vi.fn()} subject={SUBJECT} />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('rejected')).toBeTruthy();
  });

  it('sends one decision at a time and says why one was refused, naming the change', async () => {
    let fail!: (error: unknown) => void;
    const onDecide = vi.fn().mockReturnValue(new Promise((_, reject) => (fail = reject)));
    render(<ChangeDecisionControls decision="pending" canDecide onDecide={onDecide} subject={SUBJECT} />);
    fireEvent.click(screen.getByRole('button', { name: `Approve ${SUBJECT}` }));
    fireEvent.click(screen.getByRole('button', { name: `Approve ${SUBJECT}` }));
    expect(onDecide).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('Saving…');
    fail(
      new ApiError(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'decisions[0]: the operation proposes no change to colour',
        code: 'validation-failed',
        details: [{ field: 'decisions[0].attributeAlias', rule: 'in-operation', message: 'the operation proposes no change to colour' }],
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Deciding ${SUBJECT} failed: Bad Request (400, validation-failed).`);
    expect(alert.textContent).toContain('decisions[0].attributeAlias: the operation proposes no change to colour (in-operation)');
  });
});
