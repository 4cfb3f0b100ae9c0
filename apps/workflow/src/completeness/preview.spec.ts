import type { ValuesMap, WorkflowDto } from '@sigma/contracts';
import { attribute, segments } from '../../test/support/completeness-fixtures';
import { buildPlan } from '@sigma/completeness';
import { gatedTransitionsFrom, type PreviewPlans, previewCompleteness, validPreviewItems, withChanges } from './preview';

const attributes = new Map(
  [
    attribute('sku'),
    attribute('product-name', ['dim-language']),
    attribute('garment-type'),
    attribute('sleeve-length', [], { guard: { attributeAlias: 'garment-type', operator: 'in', value: ['shirt', 'jacket'] } }),
  ].map((a) => [a.alias, a]),
);

const plan = (lifecycleStateId: string, requiredAliases: string[]) =>
  buildPlan({ lifecycleStateId, attributes, segmentsByDimension: segments, requiredAliases });

const plans: PreviewPlans = {
  state: plan('review', ['sku']),
  next: [{ transitionId: 'publish', plan: plan('published', ['sku', 'product-name', 'garment-type', 'sleeve-length']) }],
};

const almostComplete: ValuesMap = {
  sku: [{ scope: {}, value: 'A-1' }],
  'product-name': [{ scope: { 'dim-language': 'seg-da' }, value: 'Skjorte' }],
  'garment-type': [{ scope: {}, value: 'trousers' }],
};

describe('previewCompleteness', () => {
  it('shows the last missing required value filling the next state', () => {
    const preview = previewCompleteness(plans, almostComplete, [{ attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Hemd' }]);
    expect(preview.state).toEqual({
      lifecycleStateId: 'review',
      before: { percentage: 100, filled: 1, total: 1 },
      after: { percentage: 100, filled: 1, total: 1 },
      missingAfter: [],
    });
    expect(preview.next).toEqual([
      { lifecycleStateId: 'published', transitionId: 'publish', before: { percentage: 75, filled: 3, total: 4 }, after: { percentage: 100, filled: 4, total: 4 } },
    ]);
  });

  it('shows a cleared required value dropping, and names it missing after', () => {
    const preview = previewCompleteness(plans, almostComplete, [{ attributeAlias: 'sku', newValue: null }]);
    expect(preview.state.before).toEqual({ percentage: 100, filled: 1, total: 1 });
    expect(preview.state.after).toEqual({ percentage: 0, filled: 0, total: 1 });
    expect(preview.state.missingAfter).toEqual([{ attributeAlias: 'sku', scope: {} }]);
    expect(preview.next[0].after).toEqual({ percentage: 50, filled: 2, total: 4 });
  });

  it('counts a guarded attribute only once a change reveals it', () => {
    const preview = previewCompleteness(plans, almostComplete, [{ attributeAlias: 'garment-type', scope: {}, newValue: 'shirt' }]);
    expect(preview.next[0].before).toEqual({ percentage: 75, filled: 3, total: 4 });
    // sleeve-length becomes visible (one more slot) and is empty.
    expect(preview.next[0].after).toEqual({ percentage: 60, filled: 3, total: 5 });
  });

  it('scores a record to be created from no values', () => {
    const preview = previewCompleteness(plans, {}, [{ attributeAlias: 'sku', newValue: 'N-1' }]);
    expect(preview.state.before).toEqual({ percentage: 0, filled: 0, total: 1 });
    expect(preview.state.after).toEqual({ percentage: 100, filled: 1, total: 1 });
  });

  it('treats an empty string as no value, as completeness does', () => {
    const preview = previewCompleteness(plans, almostComplete, [{ attributeAlias: 'sku', scope: {}, newValue: '' }]);
    expect(preview.state.after.filled).toBe(0);
  });
});

describe('withChanges', () => {
  it('replaces the value of the same scope whatever its key order, and leaves the input alone', () => {
    const values: ValuesMap = { tagline: [{ scope: { 'dim-language': 'seg-de', 'dim-market': 'seg-de' }, value: 'old' }] };
    const next = withChanges(values, [{ attributeAlias: 'tagline', scope: { 'dim-market': 'seg-de', 'dim-language': 'seg-de' }, newValue: 'new' }]);
    expect(next.tagline).toEqual([{ scope: { 'dim-language': 'seg-de', 'dim-market': 'seg-de' }, value: 'new' }]);
    expect(values.tagline[0].value).toBe('old');
  });

  it('adds a new scope and clears one with null', () => {
    const next = withChanges(almostComplete, [
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-de' }, newValue: 'Hemd' },
      { attributeAlias: 'product-name', scope: { 'dim-language': 'seg-da' }, newValue: null },
    ]);
    expect(next['product-name']).toEqual([{ scope: { 'dim-language': 'seg-de' }, value: 'Hemd' }]);
    expect(almostComplete['product-name']).toHaveLength(1);
  });
});

describe('gatedTransitionsFrom', () => {
  it('keeps the transitions out of the state that require completeness', () => {
    const t = (id: string, fromStateId: string, requiresCompleteness: boolean) => ({ id, fromStateId, toStateId: 'x', name: id, allowedRoleIds: [], requiresCompleteness });
    const workflow = { transitions: [t('a', 'review', true), t('b', 'review', false), t('c', 'draft', true)] } as unknown as WorkflowDto;
    expect(gatedTransitionsFrom(workflow, 'review').map((transition) => transition.id)).toEqual(['a']);
  });
});

describe('validPreviewItems', () => {
  const fieldsOf = (request: unknown) => {
    try {
      validPreviewItems(request as never);
      return [];
    } catch (error) {
      return (error as { details: { field: string }[] }).details.map((issue) => issue.field);
    }
  };

  it('takes items naming a record or a schema, with changes', () => {
    const items = [{ recordId: 'ent-1', changes: [] }, { schemaId: 'schema-a', changes: [{ attributeAlias: 'sku', newValue: 'S' }] }];
    expect(validPreviewItems({ items })).toBe(items);
  });

  it('names the offending field', () => {
    expect(fieldsOf({ items: [{ recordId: 'ent-1', schemaId: 'schema-a', changes: [] }, { recordId: 'ent-2' }] })).toEqual([
      'items[0].recordId',
      'items[1].changes',
    ]);
    expect(fieldsOf({ items: Array.from({ length: 201 }, () => ({ recordId: 'ent-1', changes: [] })) })).toEqual(['items']);
    expect(fieldsOf({})).toEqual(['items']);
  });
});
