import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api';
import { approveConfirmingStale } from './stale-approval';

const stale = new ApiError(409, {
  statusCode: 409,
  error: 'Conflict',
  message: '1 change(s) to approve no longer match the record',
  code: 'stale-change',
  details: [{ operationId: 'cop-1', field: 'operations[0].changes[0]', attributeAlias: 'material', scope: {}, expected: 'Cotton', actual: 'Wool' }],
});

describe('approveConfirmingStale', () => {
  it('approves without allowStale when nothing is stale, asking nothing', async () => {
    const approve = vi.fn().mockResolvedValue('approved');
    const confirm = vi.fn();
    await expect(approveConfirmingStale(approve, confirm)).resolves.toBe('approved');
    expect(approve).toHaveBeenCalledWith(false);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('on stale-change asks, and approves again with allowStale once confirmed', async () => {
    const approve = vi.fn().mockRejectedValueOnce(stale).mockResolvedValueOnce('approved');
    const confirm = vi.fn().mockReturnValue(true);
    await expect(approveConfirmingStale(approve, confirm)).resolves.toBe('approved');
    expect(confirm).toHaveBeenCalledWith('A change to approve no longer matches the record (marked stale). Approve anyway?');
    expect(approve.mock.calls).toEqual([[false], [true]]);
  });

  it('keeps the refusal when the reviewer declines, and passes other errors through', async () => {
    const declined = vi.fn().mockRejectedValue(stale);
    await expect(approveConfirmingStale(declined, () => false)).rejects.toBe(stale);
    expect(declined).toHaveBeenCalledTimes(1);
    const other = new ApiError(409, { statusCode: 409, error: 'Conflict', message: 'Not pending', code: 'conflict' });
    const confirm = vi.fn();
    await expect(approveConfirmingStale(vi.fn().mockRejectedValue(other), confirm)).rejects.toBe(other);
    expect(confirm).not.toHaveBeenCalled();
  });
});
