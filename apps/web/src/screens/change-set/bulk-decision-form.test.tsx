import type { DecideOperationsResult, DimensionDto, OperationDto } from '../../api';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api';
import { BulkDecisionForm } from './bulk-decision-form';
import { filterFromFields } from './bulk-filter';

const operations: OperationDto[] = [
  { id: 'op-1', type: 'update', entityId: 'ent-001', entityName: 'Classic Oxford Shirt', schemaId: 'schema-apparel', status: 'pending', changes: [{ attributeAlias: 'material', attributeName: 'Material', newValue: 'Linen' }] },
  {
    id: 'op-2',
    type: 'update',
    entityId: 'ent-002',
    schemaId: 'schema-apparel',
    status: 'pending',
    changes: [{ attributeAlias: 'product-name', attributeName: 'Product Name', scope: { 'dim-language': 'seg-de' }, newValue: 'Pullover' }],
  },
];
const dimensions: DimensionDto[] = [
  { id: 'dim-language', name: 'Language', segments: [{ id: 'seg-da', name: 'Danish' }, { id: 'seg-de', name: 'German' }] },
  { id: 'dim-market', name: 'Market', segments: [{ id: 'seg-de', name: 'Germany' }] },
] as DimensionDto[];
const answer: DecideOperationsResult = { approved: 1, rejected: 0, unchanged: 0, status: 'pending_approval', operationSummary: { pending: 1, approved: 1, rejected: 0, applied: 0, failed: 0 } };

const open = () => fireEvent.click(screen.getByText('Approve or reject all matching…'));

describe('BulkDecisionForm', () => {
  it("offers the set's attributes and records and the workspace's segments (an id shared by two dimensions once)", () => {
    render(<BulkDecisionForm operations={operations} dimensions={dimensions} onDecide={vi.fn()} />);
    open();
    const options = (label: string) => [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((option) => option.textContent);
    expect(options('Attribute')).toEqual(['any', 'Material (material)', 'Product Name (product-name)']);
    expect(options('Record')).toEqual(['any', 'Classic Oxford Shirt (ent-001)', 'ent-002 (ent-002)']);
    expect(options('Segment')).toEqual(['any', 'Danish (seg-da)', 'German / Germany (seg-de)']);
  });

  it('approves what matches the filter chosen and shows the counts the API answered', async () => {
    const onDecide = vi.fn().mockResolvedValue(answer);
    render(<BulkDecisionForm operations={operations} dimensions={dimensions} onDecide={onDecide} />);
    open();
    fireEvent.change(screen.getByLabelText('Attribute'), { target: { value: 'material' } });
    fireEvent.change(screen.getByLabelText('Stale'), { target: { value: 'no' } });
    fireEvent.change(screen.getByLabelText('Review note'), { target: { value: ' Sampled ' } });
    expect(screen.getByText(/Decides the pending operations matching every filter given \(attribute material, without stale changes\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Approve all matching' }));
    expect(onDecide).toHaveBeenCalledTimes(1);
    const [decision, fields, note] = onDecide.mock.calls[0];
    expect([decision, filterFromFields(fields), note]).toEqual(['approve', { attributeAlias: 'material', stale: false }, 'Sampled']);
    await screen.findByText(
      'Approve attribute material, without stale changes: 1 approved, 0 rejected, 0 already decided (left as they were). The set is now pending approval; 1 operation still pending.',
    );
  });

  it('rejects every pending operation with no filter, and shows a refusal in words', async () => {
    const refusal = new ApiError(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'filter.segment must be a segment id',
      code: 'validation-failed',
      details: [{ field: 'filter.segment', message: 'must be a segment id' }],
    });
    const onDecide = vi.fn().mockRejectedValue(refusal);
    render(<BulkDecisionForm operations={operations} dimensions={dimensions} onDecide={onDecide} />);
    open();
    fireEvent.click(screen.getByRole('button', { name: 'Reject all matching' }));
    expect(onDecide.mock.calls[0][0]).toBe('reject');
    expect(filterFromFields(onDecide.mock.calls[0][1])).toEqual({});
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Deciding by filter failed: Bad Request (400, validation-failed).');
    expect(alert.textContent).toContain('filter.segment: must be a segment id');
  });
});
