import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { DecisionControls, RatingControls } from './decision-controls';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('DecisionControls', () => {
  it('offers approve and reject for a pending operation the caller may decide', () => {
    const onDecide = vi.fn().mockResolvedValue(undefined);
    render(<DecisionControls status="pending" canDecide onDecide={onDecide} subject="operation cop-enrich-1" />);
    fireEvent.click(screen.getByRole('button', { name: 'Approve operation cop-enrich-1' }));
    expect(onDecide).toHaveBeenCalledWith('approve');
    expect(screen.getByText('pending')).toBeTruthy();
  });

  it('shows no buttons to a caller who may not decide, nor for a decided operation', () => {
    const { rerender } = render(<DecisionControls status="pending" canDecide={false} onDecide={vi.fn()} subject="operation x" />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    rerender(<DecisionControls status="approved" canDecide onDecide={vi.fn()} subject="operation x" />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('approved')).toBeTruthy();
  });

  it('disables both buttons while a decision is saving, so it is sent once', async () => {
    const pending = deferred();
    const onDecide = vi.fn().mockReturnValue(pending.promise);
    render(<DecisionControls status="pending" canDecide onDecide={onDecide} subject="operation x" />);
    fireEvent.click(screen.getByRole('button', { name: 'Reject operation x' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject operation x' }));
    expect(onDecide).toHaveBeenCalledTimes(1);
    expect((screen.getByRole('button', { name: 'Approve operation x' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Saving…');
    pending.resolve();
    await screen.findByRole('button', { name: 'Approve operation x' });
    await vi.waitFor(() => expect((screen.getByRole('button', { name: 'Approve operation x' }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('says in words why a decision was refused, naming the field', async () => {
    const refusal = new ApiError(409, {
      statusCode: 409,
      error: 'Conflict',
      message: "Cannot approve a change set in status 'approved'",
      code: 'conflict',
      details: [{ field: 'status', rule: 'allowed-status', message: 'must be pending_approval' }],
    });
    render(<DecisionControls status="pending" canDecide onDecide={vi.fn().mockRejectedValue(refusal)} subject="operation x" />);
    fireEvent.click(screen.getByRole('button', { name: 'Approve operation x' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Deciding operation x failed: Conflict (409, conflict).');
    expect(alert.textContent).toContain("Cannot approve a change set in status 'approved'");
    expect(alert.textContent).toContain('status: must be pending_approval (allowed-status)');
  });
});

describe('RatingControls', () => {
  it('shows the stored rating as the pressed button and sends a new one', () => {
    const onRate = vi.fn().mockResolvedValue(undefined);
    render(<RatingControls rating="bad" canRate onRate={onRate} subject="Short Description" />);
    expect(screen.getByRole('button', { name: 'Bad' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Good' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Good' }));
    expect(onRate).toHaveBeenCalledWith('good');
  });

  it('shows a read-only caller the rating as text, without buttons', () => {
    render(<RatingControls rating="good" canRate={false} onRate={vi.fn()} subject="Short Description" />);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('rated good')).toBeTruthy();
  });
});
